import type { DestinationStream } from 'pino';

/** A pino destination that keeps the JSON lines written to it, for assertions. */
export class JsonLinesCollector implements DestinationStream {
  private readonly lines: string[] = [];

  write(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((line) => line.length > 0));
  }

  records(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  withMessage(message: string): Array<Record<string, unknown>> {
    return this.records().filter((record) => record['msg'] === message);
  }
}
