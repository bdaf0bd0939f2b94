import type { FaultKind } from '../scenario/scenario.model';

interface ActionBase {
  atMs: number;
  /** The scenario fault this action belongs to. */
  fault: number;
  kind: FaultKind;
  /** True for the action that starts the fault (counted as one fault injected). */
  begins: boolean;
}

/**
 * One timed step of the fault schedule. Faults with a duration become a begin and an end step; flapping
 * becomes crash/revive cycles.
 */
export type FaultAction = ActionBase &
  (
    | { type: 'crash'; agents: string[] }
    | { type: 'revive'; agents: string[] }
    | { type: 'hang'; agents: string[]; hung: boolean }
    | { type: 'slow'; agents: string[]; factor: number }
    | { type: 'errors'; agents: string[]; errorRatio: number }
    | { type: 'leak'; agents: string[]; startBytes: number; limitBytes: number; rampMs: number }
    | { type: 'partition'; host: string; durationMs: number }
  );
