/** A value that cannot be used as one token of a NATS subject (or as an id that ends up in one). */
export class InvalidSubjectTokenError extends Error {
  constructor(
    readonly tokenKind: string,
    readonly value: unknown,
    readonly expectation: string,
  ) {
    super(`Invalid ${tokenKind} token ${JSON.stringify(value)}: expected ${expectation}`);
    this.name = 'InvalidSubjectTokenError';
  }
}
