import type { Ballot } from '@warden/contracts';

/** Ballots are ordered by round, then by proposer id, so two proposers never share one. */
export function compareBallots(a: Ballot, b: Ballot): number {
  if (a.round !== b.round) return a.round - b.round;
  return a.proposerId < b.proposerId ? -1 : a.proposerId > b.proposerId ? 1 : 0;
}
