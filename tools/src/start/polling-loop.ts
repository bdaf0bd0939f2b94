/**
 * Runs `poll` now and every `intervalMs` for the live view's observers. A slow service must not pile up
 * requests, so a tick is skipped while the previous poll still runs; `stop` waits for the one in flight.
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(
    private readonly poll: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  private tick(): void {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
  }
}
