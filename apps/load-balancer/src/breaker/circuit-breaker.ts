import type { BreakerState } from '@warden/contracts';
import type { BreakerSettings } from './breaker-settings';
import { BreakerPermit, type PermitOutcome, type PermitSettlement } from './breaker-permit';
import { OutcomeWindow } from './outcome-window';

/** One transition, as published for the other replicas and the alert manager. */
export interface BreakerChange {
  agentId: string;
  previousState: BreakerState;
  state: BreakerState;
  generation: number;
  consecutiveOpenings: number;
  openUntil?: number;
  failureRatio: number;
  consecutiveFailures: number;
  reason: string;
  decidedBy: string;
}

/** The part of a change another replica adopts. */
export type RemoteBreakerState = Pick<
  BreakerChange,
  'state' | 'generation' | 'consecutiveOpenings' | 'openUntil' | 'decidedBy'
>;

/**
 * Closed → open on a run of consecutive failures or a failure ratio over the window; open → half-open
 * once the open time is over (it doubles with every reopening); half-open lets `halfOpenTrials` calls
 * through, closes when all of them succeed and reopens on the first failure. Each local transition
 * gets the next generation and goes to `onChange`; a remote one with a higher generation (ties to the
 * higher replica id) is adopted silently, so replicas converge without echoing each other.
 *
 * Every call goes through a permit (`callStarted`) settled exactly once. Only the outcome of a call
 * admitted in the current phase moves the breaker; one admitted before the last transition (a late
 * result of a call sent while closed, arriving in half-open) feeds the outcome window alone. The phase
 * is a local epoch bumped on every transition, adopted ones included, rather than the generation number:
 * an adoption can keep the number (a tie broken by replica id) and still start a new phase here.
 * A released trial gives its slot back, so a half-open breaker with no trial in flight always admits one.
 */
export class CircuitBreaker implements PermitSettlement {
  private current: BreakerState = 'closed';
  private generationNumber = 0;
  private generationOwner = '';
  private openings = 0;
  private openUntilMs = 0;
  private failuresInARow = 0;
  private epoch = 0;
  private trialsInFlight = 0;
  private trialsSucceeded = 0;
  private readonly window: OutcomeWindow;

  constructor(
    readonly agentId: string,
    private readonly settings: BreakerSettings,
    private readonly instanceId: string,
    private readonly onChange: (change: BreakerChange) => void,
  ) {
    this.window = new OutcomeWindow(settings.windowMs);
  }

  get state(): BreakerState {
    return this.current;
  }

  get generation(): number {
    return this.generationNumber;
  }

  get openUntil(): number | undefined {
    return this.current === 'open' ? this.openUntilMs : undefined;
  }

  /** Whether a call may go to the agent now; moves an expired open breaker to half-open. No side effect otherwise. */
  allows(now: number): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (now < this.openUntilMs) return false;
      this.transition('half-open', now, `open time of ${this.openDurationMs()} ms over`);
    }
    return this.trialsInFlight + this.trialsSucceeded < this.settings.halfOpenTrials;
  }

  /** A call goes out (after `allows`); in half-open it takes a trial slot until its permit is settled. */
  callStarted(): BreakerPermit {
    const trial = this.current === 'half-open';
    if (trial) this.trialsInFlight++;
    return new BreakerPermit(this, this.epoch, this.generationNumber, trial);
  }

  /** Called by a permit, once. */
  settle(permit: BreakerPermit, outcome: PermitOutcome, now: number, cause: string): void {
    const current = permit.epoch === this.epoch;
    if (permit.trial && current) this.trialsInFlight--;
    if (outcome === 'released') return;
    if (!current) {
      this.window.record(outcome === 'succeeded', now);
      return;
    }
    if (outcome === 'succeeded') this.succeeded(now);
    else this.failed(now, cause);
  }

  private succeeded(now: number): void {
    this.window.record(true, now);
    this.failuresInARow = 0;
    if (this.current !== 'half-open') return;
    this.trialsSucceeded++;
    if (this.trialsSucceeded >= this.settings.halfOpenTrials) {
      this.openings = 0;
      this.transition('closed', now, `${this.trialsSucceeded} trial calls succeeded`);
    }
  }

  private failed(now: number, cause: string): void {
    this.window.record(false, now);
    this.failuresInARow++;
    if (this.current === 'half-open') {
      this.open(now, `trial call failed: ${cause}`);
      return;
    }
    if (this.current !== 'closed') return;
    if (this.failuresInARow >= this.settings.consecutiveFailures) {
      this.open(now, `${this.failuresInARow} consecutive failures, last: ${cause}`);
      return;
    }
    const calls = this.window.total(now);
    const ratio = this.window.failureRatio(now);
    if (calls >= this.settings.minimumCalls && ratio >= this.settings.failureRatio)
      this.open(now, `failure ratio ${ratio.toFixed(2)} over ${calls} calls, last: ${cause}`);
  }

  /** Adopts another replica's transition when it is newer than what this replica knows. */
  adopt(remote: RemoteBreakerState): boolean {
    const newer =
      remote.generation > this.generationNumber ||
      (remote.generation === this.generationNumber && remote.decidedBy > this.generationOwner);
    if (!newer) return false;
    this.generationNumber = remote.generation;
    this.generationOwner = remote.decidedBy;
    this.openings = remote.consecutiveOpenings;
    this.enter(remote.state, remote.openUntil ?? 0);
    return true;
  }

  private open(now: number, reason: string): void {
    this.openings++;
    this.openUntilMs = now + this.openDurationMs();
    this.transition('open', now, reason);
  }

  private openDurationMs(): number {
    const { baseOpenMs, maxOpenMs } = this.settings;
    return Math.min(maxOpenMs, baseOpenMs * 2 ** Math.max(0, this.openings - 1));
  }

  private transition(state: BreakerState, now: number, reason: string): void {
    const previousState = this.current;
    const failureRatio = this.window.failureRatio(now);
    const consecutiveFailures = this.failuresInARow;
    this.generationNumber++;
    this.generationOwner = this.instanceId;
    this.enter(state, this.openUntilMs);
    this.onChange({
      agentId: this.agentId,
      previousState,
      state,
      generation: this.generationNumber,
      consecutiveOpenings: this.openings,
      openUntil: state === 'open' ? this.openUntilMs : undefined,
      failureRatio,
      consecutiveFailures,
      reason,
      decidedBy: this.instanceId,
    });
  }

  private enter(state: BreakerState, openUntil: number): void {
    this.current = state;
    this.openUntilMs = openUntil;
    this.epoch++;
    this.trialsInFlight = 0;
    this.trialsSucceeded = 0;
    if (state === 'closed') {
      this.window.reset();
      this.failuresInARow = 0;
    }
  }
}
