import { DeliverPolicy, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';

/**
 * Delivers every message of `stream` on `subject` stored since `since` (epoch ms), oldest first,
 * through an ordered consumer, and resolves once the stream's end as of the start has been read.
 */
export async function replayStream(
  js: JetStreamClient,
  stream: string,
  subject: string,
  since: number,
  onMessage: (message: JsMsg) => void,
): Promise<number> {
  const consumer = await js.consumers.get(stream, {
    filter_subjects: subject,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(since).toISOString(),
  });
  if ((await consumer.info()).num_pending === 0) return 0;
  let delivered = 0;
  const messages = await consumer.consume();
  for await (const message of messages) {
    onMessage(message);
    delivered++;
    if (message.info.pending === 0) break;
  }
  await messages.close();
  return delivered;
}
