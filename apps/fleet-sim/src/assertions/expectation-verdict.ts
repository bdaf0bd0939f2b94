import type { AgentHealthRecord, FleetSummary } from '@warden/contracts';
import type { Expectation } from '../scenario/scenario';

export interface Verdict {
  held: boolean;
  /** What was seen, for the summary ("agent-0007 is healthy"). */
  observed: string;
}

/** An expectation on one agent against the collector's record of it (undefined: the collector does not know it). */
export function agentVerdict(expectation: Expectation, record: AgentHealthRecord | undefined): Verdict {
  if (!record) return { held: false, observed: `the health collector does not know ${expectation.agent}` };
  return {
    held: record.state === expectation.state,
    observed: `${record.agentId} is ${record.state} (incarnation ${record.incarnation})`,
  };
}

/** An expectation on a zone or the fleet: at least `count` agents in the state, or all of them without a count. */
export function summaryVerdict(expectation: Expectation, summary: FleetSummary): Verdict {
  const inState = summary.byState.find((entry) => entry.state === expectation.state)?.agents ?? 0;
  const scope = summary.zone ?? 'the fleet';
  const held =
    expectation.count === undefined
      ? summary.totalAgents > 0 && inState === summary.totalAgents
      : inState >= expectation.count;
  return {
    held,
    observed: `${inState} of ${summary.totalAgents} agents in ${scope} are ${expectation.state}`,
  };
}

export function describeExpectation(expectation: Expectation): string {
  const who =
    expectation.agent ??
    (expectation.count === undefined
      ? `every agent of ${expectation.zone ?? 'the fleet'}`
      : `at least ${expectation.count} agents of ${expectation.zone ?? 'the fleet'}`);
  return `expect[${expectation.index}]: after ${expectation.afterMs / 1000}s, ${who} ${expectation.agent ? 'is' : 'are'} ${expectation.state}`;
}
