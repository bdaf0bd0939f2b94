import type { LoadFigures } from './load-signals';

/**
 * What was last written to the registry bucket for an agent, and when: the entry keeps it and the snapshot
 * policy compares against it. Its own file so neither of the two has to import the other for it.
 */
export interface WrittenRecord {
  at: number;
  load: LoadFigures;
}
