import type { DeadLetterPublisher, DeadLetterRequest } from './dead-letter-publisher';

export type DeadLetterSubmission = 'queued' | 'overflow';

/**
 * Dead-letters messages from a source that cannot wait for the JetStream ack (core subscriptions at
 * heartbeat rate), with a bound on how many may be pending: past it a flood of bad input is counted by
 * the caller ('overflow') instead of queueing without limit. A store that fails is reported, not thrown.
 */
export class BoundedDeadLetters {
  private pending = 0;

  constructor(
    private readonly publisher: DeadLetterPublisher,
    private readonly onStoreFailure: (error: unknown, request: DeadLetterRequest) => void,
    private readonly maxPending = 1_000,
  ) {}

  submit(request: DeadLetterRequest): DeadLetterSubmission {
    if (this.pending >= this.maxPending) return 'overflow';
    this.pending++;
    this.publisher
      .publish(request)
      .catch((error: unknown) => this.onStoreFailure(error, request))
      .finally(() => this.pending--);
    return 'queued';
  }
}
