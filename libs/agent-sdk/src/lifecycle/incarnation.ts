let last = 0;

/**
 * A new incarnation id for each start of an agent: its start time in epoch ms, bumped when two starts
 * in one process fall on the same millisecond, so it is strictly greater than any earlier one here and,
 * across processes, greater than one started earlier (clocks permitting; the collector also treats any
 * unknown higher incarnation as a restart).
 */
export function nextIncarnation(now = Date.now()): number {
  last = Math.max(now, last + 1);
  return last;
}
