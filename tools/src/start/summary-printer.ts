import type { FleetViewModel } from './fleet-view-model';
import type { OutputSink, StackDisplay } from './output-sink';
import { renderSummaryLine } from './render-summary-line';

/** Prints one summary line every `intervalMs`: what a log file, a CI job or `--no-view` gets instead of the live view. */
export class SummaryPrinter implements StackDisplay {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly out: OutputSink,
    private readonly model: FleetViewModel,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => this.out.write(`${renderSummaryLine(this.model.snapshot(), Date.now())}\n`),
      this.intervalMs,
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
