import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { PeriodicScheduler, startAgent, type AgentHandle } from '@warden/agent-sdk';
import { AgentSuspected, FailureDetected, SubjectWildcards, type FailureType } from '@warden/contracts';
import { connectNats, MessageCodec, NatsConnectionConfig, type NatsClient } from '@warden/messaging';
import { createLogger } from '@warden/telemetry';
import { launchService, type ServiceProcess } from '@warden/testing';

const DETECTOR_ENTRY = join(__dirname, '..', 'dist', 'main.js');
const COLLECTOR_ENTRY = join(__dirname, '..', '..', 'health-collector', 'dist', 'main.js');

function built(entry: string): string {
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run "npm run build" before the integration tests`);
  return entry;
}

/** Writes a detection rules file for a test (YAML) and returns its path. */
export function rulesFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'detector-rules-')), 'rules.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** Starts the built failure detector as an OS process, as it runs in production. */
export function launchDetector(natsUrl: string, instanceId: string, rules?: string): Promise<ServiceProcess> {
  return launchService({
    entry: built(DETECTOR_ENTRY),
    name: instanceId,
    env: {
      NATS_URL: natsUrl,
      SERVICE_INSTANCE_ID: instanceId,
      LOG_LEVEL: 'warn',
      ...(rules ? { DETECTION_RULES_FILE: rules } : {}),
    },
    readyTimeoutMs: 30_000,
  });
}

/** The health collector keeps the `agents` registry a detector loads when it takes a partition over. */
export function launchCollector(natsUrl: string): Promise<ServiceProcess> {
  return launchService({
    entry: built(COLLECTOR_ENTRY),
    name: 'collector',
    env: {
      NATS_URL: natsUrl,
      SERVICE_INSTANCE_ID: 'collector',
      LOG_LEVEL: 'warn',
      SNAPSHOT_INTERVAL_MS: '500',
    },
    readyTimeoutMs: 30_000,
  });
}

/** Figures that no rule objects to, so only what a test changes can cause a failure. */
export const STEADY_FIGURES = {
  cpuRatio: 0.1,
  memoryBytes: 200_000_000,
  memoryLimitBytes: 1_000_000_000,
  latencyEwmaMs: 20,
  errorRatio: 0,
  inFlightTasks: 0,
  queueDepth: 0,
};

/**
 * A test's side of the bus: real agents (agent-sdk, one connection, one timing wheel), and every
 * failure and suspicion the detectors publish, as received on core NATS.
 */
export class DetectorTestBench {
  readonly failures: FailureDetected[] = [];
  readonly suspicions: AgentSuspected[] = [];
  readonly agents = new Map<string, AgentHandle>();
  private readonly scheduler = new PeriodicScheduler();

  private constructor(readonly client: NatsClient) {}

  static async connect(natsUrl: string): Promise<DetectorTestBench> {
    const logger = createLogger({ service: 'detector-test', instanceId: 't', level: 'warn' });
    const client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrl }), {
      name: 'detector-test',
      logger,
    });
    const bench = new DetectorTestBench(client);
    const codec = new MessageCodec();
    client.connection.subscribe(SubjectWildcards.failures, {
      callback: (error, message) => {
        if (!error) bench.failures.push(codec.decode(message, FailureDetected).payload);
      },
    });
    client.connection.subscribe(SubjectWildcards.suspicion, {
      callback: (error, message) => {
        if (!error) bench.suspicions.push(codec.decode(message, AgentSuspected).payload);
      },
    });
    return bench;
  }

  async startAgents(ids: string[], heartbeatIntervalMs: number): Promise<void> {
    await Promise.all(
      ids.map(async (id, index) => {
        const agent = await startAgent({
          id,
          hostId: `host-${index % 5}`,
          zone: `zone-${index % 3}`,
          capabilities: ['summarize'],
          capacity: 4,
          heartbeatIntervalMs,
          figures: STEADY_FIGURES,
          publishTaskResults: false,
          connection: this.client,
          scheduler: this.scheduler,
        });
        agent.onTask(() => Promise.resolve({}));
        this.agents.set(id, agent);
      }),
    );
  }

  agent(id: string): AgentHandle {
    const agent = this.agents.get(id);
    if (!agent) throw new Error(`no agent ${id} in this test`);
    return agent;
  }

  failuresOf(agentId: string, failureType?: FailureType): FailureDetected[] {
    return this.failures.filter(
      (failure) => failure.agentId === agentId && (!failureType || failure.failureType === failureType),
    );
  }

  /** Which detector owns which partition, from the detectors' own lease records. */
  async partitionOwners(): Promise<Map<number, string>> {
    const kv = await new Kvm(this.client.connection).open('leases');
    const owners = new Map<number, string>();
    for await (const key of await kv.keys('partitions.failure-detector.*')) {
      const entry = await kv.get(key);
      if (entry?.operation === 'PUT')
        owners.set(Number(key.split('.').pop()), entry.json<{ owner: string }>().owner);
    }
    return owners;
  }

  async close(): Promise<void> {
    for (const agent of this.agents.values()) if (agent.alive) agent.kill();
    this.scheduler.close();
    await this.client.drain();
  }
}
