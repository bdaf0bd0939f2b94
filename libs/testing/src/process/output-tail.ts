/** Keeps the last lines a child process wrote, so a failure can show why without unbounded memory. */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 200) {}

  push(chunk: Buffer | string): string[] {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.maxLines) this.lines.shift();
    }
    return parts;
  }

  text(): string {
    return [...this.lines, this.partial].filter(Boolean).join('\n');
  }
}
