export interface DispatchSettings {
  /** How long an agent has to answer a dispatch with its receipt. */
  receiptTimeoutMs: number;
  /** Extra time after the attempt's deadline for the result to travel back. */
  resultGraceMs: number;
  /** Tasks waiting for capacity at most; beyond, submissions are refused as unavailable. */
  waitQueueLimit: number;
  /** Task ids whose final result is remembered, so a resubmission gets it instead of a second run. */
  rememberedResults: number;
  /** Re-dispatches after a lost agent beyond `maxAttempts` (a reassignment is not the task's fault). */
  maxReassignments: number;
}

export const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = {
  receiptTimeoutMs: 2_000,
  resultGraceMs: 1_000,
  waitQueueLimit: 10_000,
  rememberedResults: 10_000,
  maxReassignments: 3,
};
