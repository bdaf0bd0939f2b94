import type { MetricName } from './metric';

/**
 * A target a scenario is held to. `of: 'subject'` compares the subject's median with an absolute value
 * (the seed's floors); `of: 'ratio'` compares subject/baseline, which is the number that survives noisy
 * machines.
 */
export interface Goal {
  text: string;
  metric: MetricName;
  of: 'subject' | 'ratio';
  comparison: 'atMost' | 'atLeast';
  value: number;
}
