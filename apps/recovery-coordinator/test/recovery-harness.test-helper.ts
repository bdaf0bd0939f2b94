import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Subscription } from '@nats-io/nats-core';
import { AgentHost, type AgentDefinition, type AgentHandle } from '@warden/agent-sdk';
import {
  AgentHealthQuery,
  AgentHealthReply,
  createMessage,
  Escalation,
  FailureDetected,
  PatternDetected,
  RecoveryCommand,
  RecoveryDecision,
  RecoveryEvent,
  RecoveryHistory,
  RecoveryHistoryQuery,
  Subjects,
  SubjectWildcards,
  WorkHandoff,
  type CommandReceipt,
  type FailureType,
  type MessageClass,
} from '@warden/contracts';
import {
  connectNats,
  MessageCodec,
  Messaging,
  NatsConnectionConfig,
  type NatsClient,
} from '@warden/messaging';
import { createLogger, MetricsRegistry, type Logger } from '@warden/telemetry';
import {
  eventually,
  launchService,
  startNatsServer,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';

const COORDINATOR_ENTRY = join(__dirname, '..', 'dist', 'main.js');
const COLLECTOR_ENTRY = join(__dirname, '..', '..', 'health-collector', 'dist', 'main.js');

function built(entry: string): string {
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run "npm run build" before the integration tests`);
  return entry;
}

/** Writes a recovery policy file (YAML) for a test and returns its path. */
export function policyFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'recovery-policy-')), 'policy.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** Starts the built coordinator as an OS process, as it runs in production. */
export function launchCoordinator(
  natsUrl: string,
  instanceId: string,
  policy?: string,
): Promise<ServiceProcess> {
  return launchService({
    entry: built(COORDINATOR_ENTRY),
    name: instanceId,
    env: {
      NATS_URL: natsUrl,
      SERVICE_INSTANCE_ID: instanceId,
      LOG_LEVEL: 'warn',
      ...(policy ? { RECOVERY_POLICY_FILE: policy } : {}),
    },
    readyTimeoutMs: 30_000,
  });
}

/** The real health collector, so HealthStateChanged and the registry are what production publishes. */
export function launchCollector(natsUrl: string): Promise<ServiceProcess> {
  return launchService({
    entry: built(COLLECTOR_ENTRY),
    name: 'collector',
    env: { NATS_URL: natsUrl, SERVICE_INSTANCE_ID: 'collector', LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '100' },
    readyTimeoutMs: 30_000,
  });
}

export function silentLogger(): Logger {
  return createLogger({
    service: 'recovery-test',
    instanceId: 't',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

function connectTo(natsUrl: string, name: string): Promise<NatsClient> {
  return connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrl }), {
    name,
    logger: silentLogger(),
  });
}

export const HEARTBEAT_INTERVAL_MS = 500;

/** A host of real agents (agent-sdk) obeying the coordinator's commands, recording each one with its receipt. */
export class TestHost {
  readonly commands: { command: RecoveryCommand; receipt: CommandReceipt }[] = [];
  /** Every incarnation started here, by agent id. */
  readonly starts = new Map<string, number[]>();
  /** Accepted commands and starts in the order they happened here: `restart chain-a`, `started chain-a`. */
  readonly sequence: string[] = [];

  private constructor(readonly host: AgentHost) {
    host.on('command', (command, receipt) => {
      this.commands.push({ command, receipt });
      if (receipt.accepted) this.sequence.push(`${command.action} ${command.agentId}`);
    });
    host.on('started', (agent) => {
      this.starts.set(agent.id, [...(this.starts.get(agent.id) ?? []), agent.incarnation]);
      this.sequence.push(`started ${agent.id}`);
    });
  }

  static async start(natsUrl: string, hostId: string, zone: string, restartDelayMs = 0): Promise<TestHost> {
    const host = await AgentHost.start({
      hostId,
      connect: () => connectTo(natsUrl, hostId),
      logger: silentLogger(),
      restartDelayMs,
      stopGraceMs: 200,
    });
    const definition: AgentDefinition = {
      spec: { zone, capabilities: ['work'], capacity: 2, heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS },
      handler: async () => ({ ok: true }),
    };
    host.register(() => definition);
    return new TestHost(host);
  }

  async startAgents(...agentIds: string[]): Promise<AgentHandle[]> {
    return Promise.all(agentIds.map((agentId) => this.host.startAgent(agentId)));
  }

  /** Starts the agents one after the other, so their start order (and incarnations) follow the list. */
  async startInOrder(...agentIds: string[]): Promise<AgentHandle[]> {
    const started: AgentHandle[] = [];
    for (const agentId of agentIds) {
      started.push(await this.host.startAgent(agentId));
      // Incarnations are start times in ms: a gap keeps two starts from sharing one.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return started;
  }

  /** The accepted commands of one action, in the order they reached this host. */
  acceptedOf(action: RecoveryCommand['action']): string[] {
    return this.commands
      .filter((entry) => entry.receipt.accepted && entry.command.action === action)
      .map((entry) => entry.command.agentId);
  }

  agent(agentId: string): AgentHandle {
    const agent = this.host.agent(agentId);
    if (!agent) throw new Error(`no agent ${agentId} on ${this.host.hostId}`);
    return agent;
  }

  accepted(agentId: string): RecoveryCommand[] {
    return this.commands
      .filter((entry) => entry.command.agentId === agentId && entry.receipt.accepted)
      .map((entry) => entry.command);
  }

  stop(): Promise<void> {
    return this.host.stop(100);
  }
}

/**
 * The test's side of the bus: publishes failures and patterns as the detector would, and records what the
 * coordinator publishes (recovery steps, escalations, ledger entries, hand-offs) as received on core NATS.
 */
export class RecoveryObserver {
  readonly steps: RecoveryEvent[] = [];
  readonly escalations: Escalation[] = [];
  readonly ledger: RecoveryDecision[] = [];
  readonly handoffs: WorkHandoff[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly codec = new MessageCodec();
  private failureCount = 0;

  private constructor(
    private readonly client: NatsClient,
    readonly messaging: Messaging,
  ) {}

  static async connect(natsUrl: string): Promise<RecoveryObserver> {
    const client = await connectTo(natsUrl, 'recovery-observer');
    const messaging = new Messaging(client, {
      service: 'failure-detector',
      logger: silentLogger(),
      metrics: new MetricsRegistry({
        service: 'recovery-test',
        instanceId: 't',
        collectProcessMetrics: false,
      }),
    });
    const observer = new RecoveryObserver(client, messaging);
    observer.record(SubjectWildcards.recovery, RecoveryEvent, observer.steps);
    observer.record(SubjectWildcards.escalation, Escalation, observer.escalations);
    observer.record(SubjectWildcards.recoveryLedger, RecoveryDecision, observer.ledger);
    observer.record(SubjectWildcards.workHandoff, WorkHandoff, observer.handoffs);
    await client.connection.flush();
    return observer;
  }

  /** Publishes a failure of the agent's current incarnation, as the failure detector would. */
  async fail(
    agent: AgentHandle,
    failureType: FailureType = 'process-crash',
    patternId?: string,
  ): Promise<FailureDetected> {
    const failure = createMessage(FailureDetected, {
      failureId: `failure-${agent.id}-${agent.incarnation}-${++this.failureCount}`,
      agentId: agent.id,
      hostId: agent.hostId,
      zone: agent.zone,
      incarnation: agent.incarnation,
      failureType,
      severity: 'high',
      detectedBy: 'failure-detector-test',
      detectedAt: new Date().toISOString(),
      evidence: { note: 'published by the test' },
      ...(patternId ? { patternId } : {}),
      summary: `${failureType} of ${agent.id}`,
    });
    await this.publishFailure(failure);
    return failure;
  }

  /** `messageId` other than the failure id makes JetStream store a second copy: a redelivery JetStream cannot de-duplicate. */
  async publishFailure(failure: FailureDetected, messageId = failure.failureId): Promise<void> {
    await this.messaging.publisher.publishDurable(
      Subjects.failures(failure.severity, failure.agentId),
      FailureDetected,
      failure,
      {
        id: messageId,
      },
    );
  }

  async publishPattern(pattern: PatternDetected): Promise<void> {
    await this.messaging.publisher.publishDurable(
      Subjects.patterns(pattern.patternType),
      PatternDetected,
      pattern,
      {
        id: `${pattern.patternId}-${pattern.revision}`,
      },
    );
  }

  history(query: Partial<RecoveryHistoryQuery>): Promise<RecoveryHistory> {
    return this.messaging.publisher.request(
      Subjects.recoveryHistoryQuery(),
      RecoveryHistoryQuery,
      Object.assign(new RecoveryHistoryQuery(), query),
      RecoveryHistory,
      { timeoutMs: 5_000 },
    );
  }

  /** Resolves once the health collector's registry holds every agent as healthy (the coordinator reads it for groups). */
  async registeredHealthy(agentIds: readonly string[]): Promise<void> {
    await eventually(
      async () => {
        for (const agentId of agentIds) {
          const reply = await this.messaging.publisher
            .request(
              Subjects.agentHealthQuery(),
              AgentHealthQuery,
              Object.assign(new AgentHealthQuery(), { agentId }),
              AgentHealthReply,
              {
                timeoutMs: 2_000,
              },
            )
            .catch(() => undefined);
          if (reply?.agent.state !== 'healthy') return false;
        }
        return true;
      },
      { timeoutMs: 20_000, message: `${agentIds.join(', ')} never registered as healthy` },
    );
  }

  stepsOf(agentId: string, phase?: RecoveryEvent['phase']): RecoveryEvent[] {
    return this.steps.filter(
      (step) => step.agentId === agentId && (phase === undefined || step.phase === phase),
    );
  }

  ledgerOf(kind: RecoveryDecision['kind'], agentId?: string): RecoveryDecision[] {
    return this.ledger.filter(
      (entry) => entry.kind === kind && (agentId === undefined || entry.agentId === agentId),
    );
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.messaging.close();
  }

  private record<T extends object>(subject: string, messageClass: MessageClass<T>, into: T[]): void {
    this.subscriptions.push(
      this.client.connection.subscribe(subject, {
        callback: (error, message) => {
          if (!error) into.push(this.codec.decode(message, messageClass).payload);
        },
      }),
    );
  }
}

/**
 * What most recovery tests run: a nats-server, the built health collector and one built coordinator with the
 * test's policy, an observer, and one host (`host-a` in `zone-a`) whose restarts take `restartDelayMs`.
 */
export class RecoveryRig {
  private constructor(
    readonly server: NatsServerHandle,
    readonly collector: ServiceProcess,
    readonly coordinator: ServiceProcess,
    readonly observer: RecoveryObserver,
    readonly host: TestHost,
  ) {}

  static async start(policy: string | undefined, restartDelayMs = 0): Promise<RecoveryRig> {
    const server = await startNatsServer();
    const started: { stop(): Promise<void> }[] = [];
    try {
      const collector = await launchCollector(server.url);
      started.push(collector);
      const coordinator = await launchCoordinator(server.url, 'coordinator-1', policy);
      started.push(coordinator);
      const observer = await RecoveryObserver.connect(server.url);
      started.push({ stop: () => observer.close() });
      const host = await TestHost.start(server.url, 'host-a', 'zone-a', restartDelayMs);
      return new RecoveryRig(server, collector, coordinator, observer, host);
    } catch (error) {
      // A half-started rig would leave processes behind that keep Jest from exiting.
      for (const part of started.reverse()) await part.stop().catch(() => undefined);
      await server.dispose();
      throw error;
    }
  }

  /** Stops every part even when one fails to stop, so no process outlives the suite; then reports the first failure. */
  async stop(): Promise<void> {
    const outcomes = await Promise.allSettled([this.host.stop(), this.observer.close()]);
    outcomes.push(...(await Promise.allSettled([this.coordinator.stop(), this.collector.stop()])));
    outcomes.push(...(await Promise.allSettled([this.server.dispose()])));
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
