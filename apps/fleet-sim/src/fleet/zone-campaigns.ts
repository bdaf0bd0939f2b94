import { Kvm } from '@nats-io/kv';
import { Buckets } from '@warden/contracts';
import { KvLeaseStore, LeaderElection, type NatsClient } from '@warden/messaging';
import type { Fleet } from './fleet';
import type { FleetLayout } from './fleet-layout';

/** Candidates per zone: enough to show a failover when the leader crashes. */
const CANDIDATES_PER_ZONE = 3;
const LEASE_TTL_MS = 2_000;
const TICK_MS = 500;

/**
 * Leader elections in the simulated fleet, for the dev stack's view and the coordination end-to-end
 * test: the first agents of each zone campaign for `<zone>-lead`, using the agent's id as candidate
 * so the consensus coordinator can revoke a convicted agent's lease. A crashed agent's campaign is
 * abandoned without resigning, as a dead process would; a revived one campaigns again. Without a
 * consensus coordinator (no `coordination` bucket) it waits quietly.
 */
export class ZoneCampaigns {
  private readonly campaigns = new Map<string, LeaderElection>();
  private store?: KvLeaseStore;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly client: NatsClient,
    private readonly fleet: Fleet,
    private readonly layout: FleetLayout,
    private readonly report: (line: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.campaigns.values()].map((election) => election.resign()));
    this.campaigns.clear();
  }

  private async tick(): Promise<void> {
    const store = this.store ?? (await this.openStore());
    if (!store) return;
    for (const zone of this.layout.zones) {
      // One new candidate per zone per tick: the first candidate of a zone wins its first election,
      // which keeps the dev view and the end-to-end test predictable.
      let started = false;
      for (const agentId of this.layout.agentsOfZone(zone).slice(0, CANDIDATES_PER_ZONE)) {
        const alive = this.fleet.agent(agentId)?.alive ?? false;
        const campaign = this.campaigns.get(agentId);
        if (campaign && !alive) {
          campaign.abandon();
          this.campaigns.delete(agentId);
        } else if (!campaign && alive && !started) {
          this.campaigns.set(agentId, this.campaign(store, zone, agentId));
          started = true;
        }
      }
    }
  }

  private campaign(store: KvLeaseStore, zone: string, agentId: string): LeaderElection {
    const election = new LeaderElection({
      store,
      domain: `${zone}-lead`,
      candidateId: agentId,
      ttlMs: LEASE_TTL_MS,
    });
    election.onElected(({ fencingToken }) =>
      this.report(`${agentId} leads ${zone}-lead (fencing token ${fencingToken})`),
    );
    election.onLost((reason) => this.report(`${agentId} no longer leads ${zone}-lead (${reason})`));
    void election.campaign();
    return election;
  }

  private async openStore(): Promise<KvLeaseStore | undefined> {
    try {
      this.store = new KvLeaseStore(await new Kvm(this.client.connection).open(Buckets.coordination.name));
      return this.store;
    } catch {
      return undefined;
    }
  }
}
