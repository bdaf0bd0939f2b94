const CTRL_C = 0x03;

/**
 * Calls `onInterrupt` with the count so far on SIGINT, SIGTERM, or Ctrl-C typed in the terminal.
 *
 * On a terminal, stdin goes to raw mode so Ctrl-C reaches only this process as a key: the tty driver
 * would otherwise send SIGINT to the whole foreground process group, nats-server and the services
 * included, and they would all stop at once instead of in order. Returns the function that undoes it.
 */
export function listenForInterrupts(onInterrupt: (count: number) => void): () => void {
  let count = 0;
  const interrupt = () => onInterrupt(++count);
  const onKey = (data: Buffer) => {
    if (data.includes(CTRL_C)) interrupt();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const stdin = process.stdin;
  const rawTerminal = stdin.isTTY === true;
  if (rawTerminal) {
    stdin.setRawMode(true);
    stdin.on('data', onKey);
    stdin.resume();
  }
  return () => {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    if (rawTerminal) {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
    }
  };
}
