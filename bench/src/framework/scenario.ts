import type { BenchProfile } from './bench-profile';
import type { Goal } from './goal';
import type { Comparison } from './repetition';

export interface ScenarioContext {
  profile: BenchProfile;
  /** Progress for the person watching the run; not part of the results. */
  log(line: string): void;
}

/**
 * One benchmark. `run` measures the scenario and its baseline in the same run, alternating their
 * repetitions (see `compareAlternating`), starts whatever servers it needs and stops them before returning.
 */
export interface Scenario {
  name: string;
  description: string;
  /** What the baseline is, in words, for the report. */
  baseline: string;
  goal?: Goal;
  run(context: ScenarioContext): Promise<Comparison>;
}
