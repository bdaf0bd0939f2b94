import type { Expectation } from '../scenario/scenario';
import { agentVerdict, describeExpectation, summaryVerdict, type Verdict } from './expectation-verdict';
import type { HealthQueries } from './health-queries';

export interface AssertionOutcome {
  description: string;
  held: boolean;
  observed: string;
}

const POLL_MS = 500;

/**
 * Checks each expectation from its `after` time on, asking the health collector every half second
 * until it holds or its `within` window closes; the last observation is what the summary shows.
 */
export class ExpectationChecker {
  private readonly outcomes = new Map<number, AssertionOutcome>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly expectations: readonly Expectation[],
    private readonly queries: HealthQueries,
    private readonly report: (line: string) => void,
  ) {}

  /** Whether every expectation has been decided. */
  get done(): boolean {
    return this.outcomes.size === this.expectations.length;
  }

  start(): void {
    for (const expectation of this.expectations)
      this.at(expectation.afterMs, () => this.poll(expectation, Date.now() + expectation.withinMs));
  }

  /** Stops polling; undecided expectations are reported as not checked. */
  finish(runMs: number): AssertionOutcome[] {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    return this.expectations.map(
      (expectation) =>
        this.outcomes.get(expectation.index) ?? {
          description: describeExpectation(expectation),
          held: false,
          observed: `not checked: the run ended after ${Math.round(runMs / 1000)}s`,
        },
    );
  }

  private async poll(expectation: Expectation, deadline: number): Promise<void> {
    if (this.stopped) return;
    const verdict = await this.observe(expectation);
    if (this.stopped) return;
    if (verdict.held || Date.now() + POLL_MS > deadline) {
      const outcome = { description: describeExpectation(expectation), ...verdict };
      this.outcomes.set(expectation.index, outcome);
      this.report(`${outcome.held ? 'held' : 'FAILED'}: ${outcome.description} — ${outcome.observed}`);
      return;
    }
    this.at(POLL_MS, () => this.poll(expectation, deadline));
  }

  private async observe(expectation: Expectation): Promise<Verdict> {
    try {
      if (expectation.agent !== undefined)
        return agentVerdict(expectation, await this.queries.agent(expectation.agent));
      return summaryVerdict(expectation, await this.queries.summary(expectation.zone));
    } catch (error) {
      return { held: false, observed: `no answer from the health collector (${(error as Error).message})` };
    }
  }

  private at(delayMs: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, delayMs);
    this.timers.add(timer);
  }
}
