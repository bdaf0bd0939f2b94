import type { FleetLayout } from '../fleet/fleet-layout';
import { SeededRandom } from '@warden/agent-sdk';
import { DEFAULT_FAULT_DURATION_MS } from '../scenario/fault-rules';
import type { Fault } from '../scenario/scenario';
import { ScenarioFileError, type ScenarioIssue } from '../scenario/scenario-file-error';
import type { FaultAction } from './fault-action';

/**
 * Turns the scenario's faults into a time-ordered list of actions on concrete agents and hosts. Pure:
 * targets are resolved against the layout with the scenario's seed, so a run is reproducible and a
 * target that does not exist (an agent id beyond --agents, an unknown zone) is reported before anything starts.
 */
export function buildFaultSchedule(
  file: string,
  faults: readonly Fault[],
  layout: FleetLayout,
  seed: number,
): FaultAction[] {
  const random = new SeededRandom(seed);
  const issues: ScenarioIssue[] = [];
  const actions: FaultAction[] = [];
  for (const fault of faults) {
    const targets = resolveTargets(fault, layout, random, issues);
    if (targets) actions.push(...expand(fault, targets));
  }
  if (issues.length > 0) throw new ScenarioFileError(file, issues);
  // Stable sort: actions at the same time keep the file's order (a crash before its own revive).
  return actions.sort((a, b) => a.atMs - b.atMs);
}

interface Targets {
  agents: string[];
  host?: string;
}

function resolveTargets(
  fault: Fault,
  layout: FleetLayout,
  random: SeededRandom,
  issues: ScenarioIssue[],
): Targets | undefined {
  const path = `faults[${fault.index}].target`;
  const { agents, count, zone, host } = fault.target;
  if (agents) {
    const unknown = agents.filter((agentId) => !layout.placement(agentId));
    if (unknown.length > 0) {
      issues.push({
        path: `${path}.agents`,
        message: `no such agent in a fleet of ${layout.agents.length}: ${unknown.join(', ')}`,
      });
      return undefined;
    }
    return { agents };
  }
  if (count !== undefined) {
    if (count > layout.agents.length) {
      issues.push({
        path: `${path}.count`,
        message: `${count} agents asked, the fleet has ${layout.agents.length}`,
      });
      return undefined;
    }
    return { agents: random.sample(layout.agents, count).map((agent) => agent.agentId) };
  }
  if (zone !== undefined) {
    if (!layout.zones.includes(zone)) {
      issues.push({ path: `${path}.zone`, message: `no zone ${zone} (zones: ${layout.zones.join(', ')})` });
      return undefined;
    }
    return { agents: layout.agentsOfZone(zone) };
  }
  if (host !== undefined && layout.hasHost(host)) return { agents: layout.agentsOfHost(host), host };
  issues.push({
    path: `${path}.host`,
    message: `no host ${host} (hosts: ${layout.hosts[0]?.hostId} … ${layout.hosts.at(-1)?.hostId})`,
  });
  return undefined;
}

function expand(fault: Fault, targets: Targets): FaultAction[] {
  const base = { fault: fault.index, kind: fault.kind };
  const at = fault.atMs;
  const duration = fault.durationMs ?? DEFAULT_FAULT_DURATION_MS[fault.kind];
  const agents = targets.agents;
  const begin = { ...base, atMs: at, begins: true };
  const end = duration === undefined ? undefined : { ...base, atMs: at + duration, begins: false };
  switch (fault.kind) {
    case 'crash':
    case 'zone-outage':
      return [
        { ...begin, type: 'crash', agents },
        ...(end ? [{ ...end, type: 'revive' as const, agents }] : []),
      ];
    case 'hang':
      return [
        { ...begin, type: 'hang', agents, hung: true },
        ...(end ? [{ ...end, type: 'hang' as const, agents, hung: false }] : []),
      ];
    case 'slow':
      return [
        { ...begin, type: 'slow', agents, factor: fault.params.factor },
        ...(end ? [{ ...end, type: 'slow' as const, agents, factor: 1 }] : []),
      ];
    case 'error-burst':
      return [
        { ...begin, type: 'errors', agents, errorRatio: fault.params.errorRatio },
        ...(end ? [{ ...end, type: 'errors' as const, agents, errorRatio: 0 }] : []),
      ];
    case 'memory-leak':
      return [
        {
          ...begin,
          type: 'leak',
          agents,
          startBytes: fault.params.startBytes,
          limitBytes: fault.params.limitBytes,
          rampMs: duration ?? 0,
        },
      ];
    case 'host-partition':
      return [{ ...begin, type: 'partition', host: targets.host ?? '', durationMs: duration ?? 0 }];
    case 'flapping':
      return flapping(fault, agents, duration ?? 0);
  }
}

/** Down for half a period, up for the other half, until the duration is over; always ends up. */
function flapping(fault: Fault, agents: string[], durationMs: number): FaultAction[] {
  const period = fault.params.period;
  const actions: FaultAction[] = [];
  for (let start = fault.atMs; start < fault.atMs + durationMs; start += period) {
    const begins = start === fault.atMs;
    actions.push({ fault: fault.index, kind: fault.kind, atMs: start, begins, type: 'crash', agents });
    actions.push({
      fault: fault.index,
      kind: fault.kind,
      atMs: start + period / 2,
      begins: false,
      type: 'revive',
      agents,
    });
  }
  return actions;
}
