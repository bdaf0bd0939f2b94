import type { AssertionOutcome } from '../assertions/expectation-checker';
import { formatDuration } from '../scenario/duration';
import type { RunCounters } from './run-counters';

export interface SummaryInput {
  scenario: string;
  agents: number;
  hosts: number;
  zones: number;
  liveAgents: number;
  runMs: number;
  counters: RunCounters;
  /** Undefined when the run did not assert. */
  assertions?: AssertionOutcome[];
}

/** The end-of-run report, as plain lines for a terminal or a CI log. */
export function formatSummary(input: SummaryInput): string {
  const { counters } = input;
  const faults =
    [...counters.faultsInjected].map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'none';
  const lines = [
    `── fleet-sim summary: ${input.scenario}, ran ${formatDuration(input.runMs)}`,
    `agents      ${input.agents} on ${input.hosts} hosts in ${input.zones} zones; ${input.liveAgents} alive at the end; ${counters.incarnationsStarted} incarnations started`,
    `tasks       ${counters.tasksRun} run: ${counters.tasksSucceeded} succeeded, ${counters.tasksFailed} failed, ${counters.tasksTimedOut} timed out; ${counters.tasksRefused} refused`,
    `faults      ${faults}`,
    `recovery    ${counters.restartsObeyed} restart/replace commands obeyed, ${counters.commandsRefused} refused`,
  ];
  if (input.assertions) {
    const failed = input.assertions.filter((outcome) => !outcome.held);
    lines.push(`assertions  ${input.assertions.length - failed.length} of ${input.assertions.length} held`);
    for (const outcome of input.assertions)
      lines.push(`  ${outcome.held ? 'ok  ' : 'FAIL'} ${outcome.description} — ${outcome.observed}`);
  }
  return lines.join('\n');
}
