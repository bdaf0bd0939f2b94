import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AgentHealthQuery,
  AgentHealthReply,
  AgentListPage,
  AgentListQuery,
  FleetSummary,
  FleetSummaryQuery,
  HealthStateChanged,
  Subjects,
  SubjectWildcards,
} from '@warden/contracts';
import { connectNats, MessageCodec, Messaging, NatsConnectionConfig } from '@warden/messaging';
import { createLogger, MetricsRegistry } from '@warden/telemetry';
import { launchService, type ServiceProcess } from '@warden/testing';

const ENTRY = join(__dirname, '..', 'dist', 'main.js');

/** Starts built collectors as OS processes, as they run in production. */
export async function launchCollector(natsUrl: string, instanceId: string): Promise<ServiceProcess> {
  if (!existsSync(ENTRY))
    throw new Error(`${ENTRY} is missing: run "npm run build" before the integration tests`);
  return launchService({
    entry: ENTRY,
    name: instanceId,
    env: { NATS_URL: natsUrl, SERVICE_INSTANCE_ID: instanceId, LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '100' },
    readyTimeoutMs: 30_000,
  });
}

/** A client of the collector: publishes heartbeats, asks queries, and records every state change event. */
export class CollectorClient {
  readonly changes: HealthStateChanged[] = [];

  private constructor(readonly messaging: Messaging) {}

  static async connect(natsUrl: string): Promise<CollectorClient> {
    const logger = createLogger({ service: 'collector-test', instanceId: 't', level: 'warn' });
    const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrl });
    const client = await connectNats(config, { name: 'collector-test', logger });
    const messaging = new Messaging(client, {
      service: 'collector-test',
      logger,
      metrics: new MetricsRegistry({
        service: 'collector-test',
        instanceId: 't',
        collectProcessMetrics: false,
      }),
    });
    const collector = new CollectorClient(messaging);
    const codec = new MessageCodec();
    client.connection.subscribe(SubjectWildcards.healthState, {
      callback: (error, message) => {
        if (!error) collector.changes.push(codec.decode(message, HealthStateChanged).payload);
      },
    });
    return collector;
  }

  changesOf(agentId: string): HealthStateChanged[] {
    return this.changes.filter((change) => change.agentId === agentId);
  }

  agent(agentId: string): Promise<AgentHealthReply> {
    return this.messaging.publisher.request(
      Subjects.agentHealthQuery(),
      AgentHealthQuery,
      Object.assign(new AgentHealthQuery(), { agentId }),
      AgentHealthReply,
      { timeoutMs: 5_000 },
    );
  }

  fleet(zone?: string): Promise<FleetSummary> {
    return this.messaging.publisher.request(
      Subjects.fleetSummaryQuery(),
      FleetSummaryQuery,
      Object.assign(new FleetSummaryQuery(), zone ? { zone } : {}),
      FleetSummary,
      { timeoutMs: 5_000 },
    );
  }

  list(query: Partial<AgentListQuery> & { limit: number }): Promise<AgentListPage> {
    return this.messaging.publisher.request(
      Subjects.agentListQuery(),
      AgentListQuery,
      Object.assign(new AgentListQuery(), query),
      AgentListPage,
      { timeoutMs: 5_000 },
    );
  }

  count(summary: FleetSummary, state: string): number {
    return summary.byState.find((entry) => entry.state === state)?.agents ?? 0;
  }

  async close(): Promise<void> {
    await this.messaging.close();
  }
}
