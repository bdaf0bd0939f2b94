/** A subject that does not have the shape of the pattern it was parsed against. */
export class SubjectMismatchError extends Error {
  constructor(
    readonly pattern: string,
    readonly subject: string,
    readonly reason: string,
  ) {
    super(`Subject ${JSON.stringify(subject)} does not match ${pattern}: ${reason}`);
    this.name = 'SubjectMismatchError';
  }
}

/** A subject pattern that is itself malformed; raised when the catalogue module loads. */
export class SubjectPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`Bad subject pattern ${pattern}: ${reason}`);
    this.name = 'SubjectPatternError';
  }
}
