import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  createMessage,
  FailureDetected,
  PatternDetected,
  RecoveryEvent,
  Subjects,
  type MessageClass,
  BreakerTransition,
  type BreakerState,
} from '@warden/contracts';
import { connectNats, Messaging, NatsConnectionConfig, type NatsClient } from '@warden/messaging';
import { createLogger, MetricsRegistry, type Logger } from '@warden/telemetry';
import { eventually, launchService, type ServiceProcess } from '@warden/testing';

const ENTRY = join(__dirname, '..', 'dist', 'main.js');

/** Writes an alerting configuration (YAML) for a test and returns its path. */
export function alertingFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alerting-')), 'alerting.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** Starts the built alert manager as an OS process, as it runs in production. */
export function launchAlertManager(
  natsUrl: string,
  instanceId: string,
  configPath: string,
): Promise<ServiceProcess> {
  if (!existsSync(ENTRY))
    throw new Error(`${ENTRY} is missing: run "npm run build" before the integration tests`);
  return launchService({
    entry: ENTRY,
    name: instanceId,
    env: {
      NATS_URL: natsUrl,
      SERVICE_INSTANCE_ID: instanceId,
      LOG_LEVEL: 'warn',
      ALERT_MANAGER_CONFIG_FILE: configPath,
    },
    readyTimeoutMs: 30_000,
  });
}

export function silentLogger(): Logger {
  return createLogger({
    service: 'alerting-test',
    instanceId: 't',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

/** The test's side of the bus: publishes what the detector and the coordinator would. */
export class EventSource {
  private count = 0;

  private constructor(
    private readonly client: NatsClient,
    readonly messaging: Messaging,
  ) {}

  static async connect(natsUrl: string): Promise<EventSource> {
    const client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrl }), {
      name: 'alerting-test',
      logger: silentLogger(),
    });
    const messaging = new Messaging(client, {
      service: 'failure-detector',
      logger: silentLogger(),
      metrics: new MetricsRegistry({
        service: 'alerting-test',
        instanceId: 't',
        collectProcessMetrics: false,
      }),
    });
    return new EventSource(client, messaging);
  }

  async failure(
    agentId: string,
    zone: string,
    severity: FailureDetected['severity'] = 'high',
  ): Promise<FailureDetected> {
    const failure = createMessage(FailureDetected, {
      failureId: `failure-${agentId}-${++this.count}`,
      agentId,
      hostId: `host-${zone}`,
      zone,
      incarnation: 1,
      failureType: 'heartbeat-timeout',
      severity,
      detectedBy: 'failure-detector-test',
      detectedAt: new Date().toISOString(),
      evidence: { silenceMs: 3000 },
      summary: `${agentId} stopped sending heartbeats`,
    });
    await this.publish(Subjects.failures(severity, agentId), FailureDetected, failure);
    return failure;
  }

  async recovered(failure: FailureDetected): Promise<void> {
    const event = createMessage(RecoveryEvent, {
      commandId: `cmd-${failure.failureId}`,
      phase: 'succeeded',
      action: 'restart',
      agentId: failure.agentId,
      hostId: failure.hostId,
      incarnation: 2,
      fencingToken: 1,
      attempt: 1,
      reason: { failureId: failure.failureId, summary: failure.summary },
      occurredAt: new Date().toISOString(),
    });
    await this.publish(Subjects.recovery('succeeded', failure.agentId), RecoveryEvent, event);
  }

  async zoneOutage(zone: string, agentIds: string[]): Promise<PatternDetected> {
    const pattern = createMessage(PatternDetected, {
      patternId: `zone-outage-${zone}`,
      revision: 1,
      patternType: 'zone-outage',
      scope: { kind: 'zone', id: zone },
      severity: 'critical',
      affectedAgentIds: agentIds,
      confidence: 0.99,
      evidence: {
        failureIds: [],
        failureCount: agentIds.length,
        windowMs: 10_000,
        zones: [zone],
        hostIds: [],
      },
      detectedBy: 'failure-detector-test',
      detectedAt: new Date().toISOString(),
      activeUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
      summary: `zone ${zone} is dark: ${agentIds.length} agents`,
    });
    await this.publish(Subjects.patterns('zone-outage'), PatternDetected, pattern);
    return pattern;
  }

  /** A load balancer's breaker transition for `agentId` (as a load-balancer replica publishes it). */
  async breaker(
    agentId: string,
    previousState: BreakerState,
    state: BreakerState,
    generation: number,
  ): Promise<void> {
    const transition = createMessage(BreakerTransition, {
      agentId,
      previousState,
      state,
      generation,
      consecutiveOpenings: state === 'open' ? 1 : 0,
      failureRatio: 0.6,
      consecutiveFailures: 5,
      reason: '5 consecutive failures',
      decidedBy: 'load-balancer-test',
      decidedAt: new Date().toISOString(),
    });
    await this.publish(Subjects.breakerTransition(agentId), BreakerTransition, transition);
  }

  private async publish<T extends object>(subject: string, cls: MessageClass<T>, message: T): Promise<void> {
    await this.messaging.publisher.publishDurable(subject, cls, message);
  }

  async close(): Promise<void> {
    await this.client.drain();
  }
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}

export async function sendJson(
  url: string,
  method: string,
  payload?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}

/** Which replica sends now, from its readiness detail (`sender (token N)`). */
export async function senderOf(
  replicas: readonly ServiceProcess[],
  token?: number,
): Promise<ServiceProcess | undefined> {
  const says = token === undefined ? 'sender (token' : `sender (token ${token})`;
  for (const replica of replicas) {
    if (!replica.running) continue;
    const { body } = await getJson(`${replica.baseUrl}/readyz`).catch(() => ({ body: undefined }));
    if (JSON.stringify(body ?? '').includes(says)) return replica;
  }
  return undefined;
}

/** Waits until the assertions pass (`eventually` needs a value, assertions return none). */
export function until(assertion: () => void | Promise<void>, timeoutMs = 10_000): Promise<true> {
  return eventually(
    async () => {
      await assertion();
      return true as const;
    },
    { timeoutMs },
  );
}
