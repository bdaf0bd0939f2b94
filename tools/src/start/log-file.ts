import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** One process's output, written to its own file (truncated per run) instead of the terminal the view owns. */
export class LogFile {
  private readonly stream: WriteStream;
  private closed = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'w' });
  }

  /** Text arriving after close (a late log line of a connection closing) is dropped rather than failing the stream. */
  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  writeLine(line: string): void {
    this.write(`${line}\n`);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
