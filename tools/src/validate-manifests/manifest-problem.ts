/** One thing wrong with one rendered object: which overlay, which object, which field, and what. */
export interface ManifestProblem {
  /** The overlay (or compose file) the object was rendered from, e.g. `prod`. */
  readonly source: string;
  /** `Kind/name`, e.g. `Deployment/health-collector`. */
  readonly object: string;
  /** The field's path, e.g. `spec.template.spec.containers[0].readinessProbe`; `(object)` for the whole. */
  readonly field: string;
  readonly problem: string;
}

export function describeProblem(problem: ManifestProblem): string {
  return `${problem.source}: ${problem.object}: ${problem.field} ${problem.problem}`;
}
