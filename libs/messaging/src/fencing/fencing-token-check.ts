import { InvalidFencingTokenError, StaleFencingTokenError } from './fencing-errors';

/**
 * The receiver's rule (etcd's, Kleppmann's): an action is admitted when its token is at least the highest
 * token admitted for the resource so far. An equal token is the same holder acting again (a lock grant
 * keeps its token on renewal); a lower one is a deposed holder acting late and is refused.
 *
 * `highest` is undefined when the resource has never been fenced: any valid token is admitted.
 */
export function checkFencingToken(resource: string, token: number, highest: number | undefined): void {
  if (!Number.isSafeInteger(token) || token <= 0) throw new InvalidFencingTokenError(resource, token);
  if (highest !== undefined && token < highest) throw new StaleFencingTokenError(resource, token, highest);
}
