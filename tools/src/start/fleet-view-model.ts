import type { LeadersView } from './leaders-view';
import { HEALTH_STATES, type FleetSummary, type HealthStateChanged } from '@warden/contracts';
import {
  TRANSITIONS_SHOWN,
  type FleetCounts,
  type FleetViewState,
  type HealthCounts,
  type NatsOrigin,
  type StackProcessState,
  type StackProcessView,
} from './fleet-view-state';
import type { AlertsView } from './alerts-view';

/** The one mutable holder of the view's state; the stack and the observer report into it, views read snapshots. */
export class FleetViewModel {
  private state: FleetViewState;

  constructor(startedAt: number) {
    this.state = {
      startedAt,
      stack: { processes: [] },
      collector: { status: 'waiting', zones: [] },
      transitions: [],
    };
  }

  snapshot(): FleetViewState {
    return this.state;
  }

  natsReady(url: string, origin: NatsOrigin): void {
    this.state = { ...this.state, stack: { ...this.state.stack, natsUrl: url, natsOrigin: origin } };
  }

  /** Adds the process on first report, keeping start order; later reports update it in place. */
  processChanged(name: string, state: StackProcessState, detail?: string): void {
    const entry: StackProcessView = { name, state, detail };
    const processes = this.state.stack.processes;
    const known = processes.some((p) => p.name === name);
    const next = known ? processes.map((p) => (p.name === name ? entry : p)) : [...processes, entry];
    this.state = { ...this.state, stack: { ...this.state.stack, processes: next } };
  }

  collectorAnswered(fleet: FleetSummary, zones: readonly FleetSummary[], at: number): void {
    this.state = {
      ...this.state,
      collector: {
        status: 'answering',
        lastAnswerAt: at,
        fleet: countsOf(fleet),
        zones: zones.map(countsOf).sort((a, b) => (a.zone ?? '').localeCompare(b.zone ?? '')),
      },
    };
  }

  collectorUnanswered(problem: string): void {
    const previous = this.state.collector;
    const status = previous.lastAnswerAt === undefined ? 'waiting' : 'silent';
    this.state = { ...this.state, collector: { ...previous, status, problem } };
  }

  alertsSeen(alerts: AlertsView): void {
    this.state = { ...this.state, alerts };
  }

  transitionSeen(event: HealthStateChanged): void {
    const entry = {
      at: Date.parse(event.changedAt),
      agentId: event.agentId,
      zone: event.zone,
      from: event.previousState,
      to: event.state,
      reasons: event.reasons,
    };
    // Core NATS may deliver events out of order across publishers: keep the list sorted by change time.
    const transitions = [entry, ...this.state.transitions]
      .sort((a, b) => b.at - a.at)
      .slice(0, TRANSITIONS_SHOWN);
    this.state = { ...this.state, transitions };
  }

  leadersSeen(leaders: LeadersView): void {
    this.state = { ...this.state, leaders };
  }
}

function countsOf(summary: FleetSummary): FleetCounts {
  const byState = Object.fromEntries(HEALTH_STATES.map((state) => [state, 0])) as Record<
    keyof HealthCounts,
    number
  >;
  for (const { state, agents } of summary.byState) byState[state] = agents;
  return { zone: summary.zone, totalAgents: summary.totalAgents, byState };
}
