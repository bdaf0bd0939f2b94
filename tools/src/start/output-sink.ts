/** Where the runner writes: process.stdout in use, a collecting fake in tests. */
export interface OutputSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

/** What shows the stack while it runs; `stop` hands the terminal back as it was. */
export interface StackDisplay {
  start(): void;
  stop(): void;
}
