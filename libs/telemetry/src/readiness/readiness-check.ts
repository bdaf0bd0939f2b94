export type ReadinessCheckResult = boolean | { ready: boolean; detail?: string };

/** Answers "can this replica take work now?"; a throw or a hang counts as not ready. */
export type ReadinessCheck = () => ReadinessCheckResult | Promise<ReadinessCheckResult>;

export interface ReadinessCheckStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly detail?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly ReadinessCheckStatus[];
}
