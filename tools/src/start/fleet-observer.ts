import {
  AGENT_LIST_MAX_PAGE_SIZE,
  AgentListPage,
  AgentListQuery,
  FleetSummary,
  FleetSummaryQuery,
  HealthStateChanged,
  SubjectWildcards,
  Subjects,
  createMessage,
} from '@warden/contracts';
import { NoRespondersError, RequestTimeoutError, type Messaging } from '@warden/messaging';
import type { FleetViewModel } from './fleet-view-model';
import { PollingLoop } from './polling-loop';

export interface FleetObserverOptions {
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  /** How often the agent list is walked to learn the zones; zones seen in transitions are added at once. */
  zoneDiscoveryIntervalMs?: number;
  /** Queue group of the transition subscription; unique per observer so two observers each see every event. */
  queue: string;
}

/** Bounds a zone walk at 10,000 agents, so a huge fleet cannot turn the view into a flood of requests. */
const MAX_DISCOVERY_PAGES = 100;

/**
 * Feeds the view model from NATS: polls the health collector's fleet summary (whole fleet and per zone)
 * over request/reply, and follows health state transitions on core NATS. A collector that does not
 * answer is a state of the view, never an error.
 */
export class FleetObserver {
  private readonly pollIntervalMs: number;
  private readonly requestTimeoutMs: number;
  private readonly zoneDiscoveryIntervalMs: number;
  private readonly zones = new Set<string>();
  private zonesDiscoveredAt = Number.NEGATIVE_INFINITY;
  private readonly loop: PollingLoop;

  constructor(
    private readonly messaging: Messaging,
    private readonly model: FleetViewModel,
    private readonly options: FleetObserverOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 800;
    this.zoneDiscoveryIntervalMs = options.zoneDiscoveryIntervalMs ?? 10_000;
    this.loop = new PollingLoop(() => this.poll(), this.pollIntervalMs);
  }

  async start(): Promise<void> {
    await this.messaging.subscribeCore(
      SubjectWildcards.healthState,
      HealthStateChanged,
      (event) => {
        this.zones.add(event.zone);
        this.model.transitionSeen(event);
      },
      { queue: this.options.queue, concurrency: 1 },
    );
    this.loop.start();
  }

  /** Stops polling and waits for a poll in flight; the subscription ends when the messaging closes. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async poll(): Promise<void> {
    try {
      const fleet = await this.fleetSummary();
      if (Date.now() - this.zonesDiscoveredAt >= this.zoneDiscoveryIntervalMs) await this.discoverZones();
      const zones = await Promise.all([...this.zones].map((zone) => this.fleetSummary(zone)));
      this.model.collectorAnswered(fleet, zones, Date.now());
    } catch (error) {
      this.model.collectorUnanswered(describeUnanswered(error));
    }
  }

  private fleetSummary(zone?: string): Promise<FleetSummary> {
    const query = createMessage(FleetSummaryQuery, zone === undefined ? {} : { zone });
    return this.messaging.publisher.request(
      Subjects.fleetSummaryQuery(),
      FleetSummaryQuery,
      query,
      FleetSummary,
      {
        timeoutMs: this.requestTimeoutMs,
      },
    );
  }

  private async discoverZones(): Promise<void> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_DISCOVERY_PAGES; page++) {
      const query = createMessage(
        AgentListQuery,
        cursor === undefined
          ? { limit: AGENT_LIST_MAX_PAGE_SIZE }
          : { limit: AGENT_LIST_MAX_PAGE_SIZE, cursor },
      );
      const result = await this.messaging.publisher.request(
        Subjects.agentListQuery(),
        AgentListQuery,
        query,
        AgentListPage,
        {
          timeoutMs: this.requestTimeoutMs,
        },
      );
      for (const agent of result.agents) this.zones.add(agent.zone);
      cursor = result.nextCursor;
      if (cursor === undefined) break;
    }
    this.zonesDiscoveredAt = Date.now();
  }
}

function describeUnanswered(error: unknown): string {
  if (error instanceof NoRespondersError) return `nothing answers ${error.subject} yet`;
  if (error instanceof RequestTimeoutError) return `no reply within ${error.timeoutMs} ms`;
  return error instanceof Error ? error.message : String(error);
}
