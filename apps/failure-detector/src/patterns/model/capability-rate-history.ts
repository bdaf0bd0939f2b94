import { FailureRateHistory } from './failure-rate-history';

/** A FailureRateHistory per capability: each capability's own normal failure rate, for the cascade rule. */
export class CapabilityRateHistory {
  private readonly histories = new Map<string, FailureRateHistory>();

  constructor(
    private readonly stepMs: number,
    private readonly steps: number,
  ) {}

  record(capabilities: readonly string[], at: number): void {
    for (const capability of capabilities) {
      let history = this.histories.get(capability);
      if (!history)
        this.histories.set(capability, (history = new FailureRateHistory(this.stepMs, this.steps)));
      history.record(at);
    }
  }

  expectedPerStep(capability: string, now: number, floor: number): number {
    return this.histories.get(capability)?.expectedPerWindow(now, floor) ?? floor;
  }

  prune(now: number): void {
    for (const history of this.histories.values()) history.prune(now);
  }
}
