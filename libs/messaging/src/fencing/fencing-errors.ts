/**
 * An action carried a fencing token below the highest one already admitted for its resource: its holder
 * lost the lock or leadership (a TTL lapsed during a pause or a partition) and someone newer has acted.
 */
export class StaleFencingTokenError extends Error {
  override readonly name = 'StaleFencingTokenError';

  constructor(
    readonly resource: string,
    readonly token: number,
    readonly highest: number,
  ) {
    super(`stale fencing token ${token} for ${resource}: ${highest} has already been admitted`);
  }
}

/** A fencing token that is not a positive safe integer: no grant or election hands those out. */
export class InvalidFencingTokenError extends Error {
  override readonly name = 'InvalidFencingTokenError';

  constructor(
    readonly resource: string,
    readonly token: unknown,
  ) {
    super(`invalid fencing token ${String(token)} for ${resource}: expected a positive integer`);
  }
}

/** The stored fence of a resource is not a fenced record: nobody can tell which token is the highest. */
export class CorruptFencedRecordError extends Error {
  override readonly name = 'CorruptFencedRecordError';

  constructor(
    readonly resource: string,
    readonly detail: string,
  ) {
    super(`the fenced record of ${resource} is unreadable: ${detail}`);
  }
}

/** Other writers kept changing the resource's fence: every compare-and-set round was lost. */
export class FencingContentionError extends Error {
  override readonly name = 'FencingContentionError';

  constructor(
    readonly resource: string,
    readonly attempts: number,
  ) {
    super(`gave up fencing ${resource}: ${attempts} compare-and-set rounds lost to other writers`);
  }
}
