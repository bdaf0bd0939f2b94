/**
 * How a delay is spread so that many waiters that failed together do not all come back together:
 * `none` waits the delay itself; `full` a random time below it; `equal` at least half of it, the other half
 * random; `proportional` the delay ± `ratio` of it (kept within 0 and the policy's `maxMs`).
 */
export type Jitter =
  | { readonly kind: 'none' }
  | { readonly kind: 'full' }
  | { readonly kind: 'equal' }
  | { readonly kind: 'proportional'; readonly ratio: number };

/**
 * The one shape of every backoff in Warden: the wait before the next attempt grows from `initialMs` by
 * `multiplier` per earlier attempt (exponential) plus `stepMs` per earlier attempt (linear), is capped at
 * `maxMs`, then jittered. Fixed: multiplier 1 and no step; doubling: multiplier 2.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly multiplier: number;
  /** Default 0. */
  readonly stepMs?: number;
  /** `Infinity` for no cap. */
  readonly maxMs: number;
  readonly jitter: Jitter;
}

/**
 * The wait after failed attempt `attempt` (counted from 1; below 1 counts as 1, so the first wait is always
 * `initialMs` before jitter). Pure: `random` in [0, 1) is the only source of chance, so tests fix it.
 */
export function delayFor(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const earlier = Math.max(1, attempt) - 1;
  const grown = policy.initialMs * policy.multiplier ** earlier + (policy.stepMs ?? 0) * earlier;
  return jittered(Math.min(policy.maxMs, grown), policy, random);
}

function jittered(delayMs: number, policy: BackoffPolicy, random: () => number): number {
  const { jitter } = policy;
  switch (jitter.kind) {
    case 'none':
      return delayMs;
    case 'full':
      return random() * delayMs;
    case 'equal':
      return delayMs / 2 + random() * (delayMs / 2);
    case 'proportional': {
      const spread = delayMs * jitter.ratio * (2 * random() - 1);
      return Math.min(policy.maxMs, Math.max(0, delayMs + spread));
    }
  }
}
