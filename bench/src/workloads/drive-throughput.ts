import type { ThroughputRepetition } from '../framework/repetition';
import type { ReceiveCounter } from './receive-counter';

export interface ThroughputRun {
  /** Most messages to send; fewer when `timeBudgetMs` runs out first. */
  messages: number;
  /** Stop sending after this long; messages already sent are still awaited and counted. */
  timeBudgetMs: number;
  /**
   * Most messages sent but not yet received. Without this bound a publisher outruns its consumer and core
   * NATS drops the excess as a slow consumer, so the bench would measure loss instead of throughput.
   */
  window: number;
  /** Sends message `index`; a returned promise (a JetStream publish acknowledgement) counts as in flight. */
  send(index: number): void | Promise<unknown>;
  received: ReceiveCounter;
  /** How long to wait for any one window to drain. */
  stallTimeoutMs: number;
}

/**
 * Sends messages through a flow-control window until `messages` are sent or the time budget is spent,
 * and times from the first send to the delivery of the last one sent.
 */
export async function driveThroughput(run: ThroughputRun): Promise<ThroughputRepetition> {
  run.received.reset();
  const unacknowledged: Promise<unknown>[] = [];
  const started = performance.now();
  const sendUntil = started + run.timeBudgetMs;
  let sent = 0;
  while (sent < run.messages && (sent === 0 || performance.now() < sendUntil)) {
    const pending = run.send(sent);
    sent++;
    if (pending) unacknowledged.push(pending);
    if (unacknowledged.length >= run.window) await Promise.all(unacknowledged.splice(0));
    if (sent - run.received.count >= run.window) {
      await run.received.reach(sent - run.window / 2, run.stallTimeoutMs);
    }
  }
  await Promise.all(unacknowledged);
  await run.received.reach(sent, run.stallTimeoutMs);
  return { messages: sent, elapsedMs: performance.now() - started };
}
