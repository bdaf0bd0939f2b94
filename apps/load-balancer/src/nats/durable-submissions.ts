import { Streams, TaskSubmitted } from '@warden/contracts';
import type { MessageCodec, NatsClient } from '@warden/messaging';

/** Re-reads a durable submission from the COORDINATION stream by its sequence (kept in the task's claim). */
export class DurableSubmissions {
  constructor(
    private readonly client: NatsClient,
    private readonly codec: MessageCodec,
  ) {}

  /** The submission, or undefined when the stream no longer has it (aged out) or it is not one. */
  async read(sequence: number): Promise<TaskSubmitted | undefined> {
    const jsm = await this.client.jetstreamManager();
    const stored = await jsm.streams.getMessage(Streams.COORDINATION.name, { seq: sequence });
    if (!stored) return undefined;
    return this.codec.decode(
      { subject: stored.subject, data: stored.data, headers: stored.header },
      TaskSubmitted,
    ).payload;
  }
}
