import { Ansi } from './ansi';
import type { FleetViewModel } from './fleet-view-model';
import type { OutputSink, StackDisplay } from './output-sink';
import { renderFleetView } from './render-fleet-view';

const FALLBACK_COLUMNS = 100;
const FALLBACK_ROWS = 40;

/** Redraws the whole view in the terminal's alternate screen every `intervalMs`, so the shell's scrollback is untouched. */
export class LiveTerminalView implements StackDisplay {
  private timer?: NodeJS.Timeout;
  private readonly restoreOnExit = () => this.restore();

  constructor(
    private readonly out: OutputSink,
    private readonly model: FleetViewModel,
    private readonly intervalMs = 1000,
    /** More sections under the fleet view (the routing panel), each given the width. */
    private readonly panels: readonly ((width: number) => string[])[] = [],
  ) {}

  start(): void {
    this.out.write(Ansi.enterAlternateScreen + Ansi.hideCursor);
    // A crash or a forced exit must not leave the user's terminal without a cursor.
    process.once('exit', this.restoreOnExit);
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    process.off('exit', this.restoreOnExit);
    this.restore();
  }

  private draw(): void {
    const columns = this.out.columns ?? FALLBACK_COLUMNS;
    const rows = this.out.rows ?? FALLBACK_ROWS;
    // A frame taller than the screen would scroll and break the redraw from the top-left corner.
    const lines = [
      ...renderFleetView(this.model.snapshot(), {
        now: Date.now(),
        width: columns - 1,
        color: true,
      }),
      ...this.panels.flatMap((panel) => panel(columns - 1)),
    ].slice(0, rows - 1);
    this.out.write(
      Ansi.cursorHome +
        lines.map((line) => line + Ansi.clearToLineEnd).join('\n') +
        '\n' +
        Ansi.clearToScreenEnd,
    );
  }

  private restore(): void {
    this.out.write(Ansi.showCursor + Ansi.leaveAlternateScreen);
  }
}
