import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DURATION_PARAMS, FAULT_PARAM_DEFAULTS, faultRuleIssues } from './fault-rules';
import { parseDuration } from './duration';
import type { Expectation, Fault, Scenario } from './scenario';
import { ScenarioFileError, type ScenarioIssue } from './scenario-file-error';
import { ScenarioDocument, type ExpectationSection, type FaultSection } from './scenario.model';

const DEFAULT_TASK_TIMEOUT_MS = 30_000;
const DEFAULT_EXPECTATION_WINDOW_MS = 5_000;

/** Reads, parses (JSON by extension, YAML otherwise) and validates a scenario file. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioFileError(file, [
      { path: '', message: `cannot be read (${(error as Error).message})` },
    ]);
  }
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ScenarioFileError(file, [
      {
        path: '',
        message: `is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      },
    ]);
  }
  return parseScenario(file, raw);
}

/** Validates a parsed scenario document; every problem is reported at once, each with its path. */
export function parseScenario(file: string, raw: unknown): Scenario {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ScenarioFileError(file, [
      { path: '', message: 'must hold one object (name, fleet, load, duration, faults, expect)' },
    ]);
  }
  const document = plainToInstance(ScenarioDocument, raw);
  const errors = validateSync(document, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw new ScenarioFileError(file, flatten(errors));

  const issues: ScenarioIssue[] = [];
  const faults = (document.faults ?? []).map((fault, index) => toFault(fault, index, issues));
  const expectations = (document.expect ?? []).map((expectation, index) =>
    toExpectation(expectation, index, issues),
  );
  if (issues.length > 0) throw new ScenarioFileError(file, issues);
  return {
    name: document.name,
    description: document.description,
    seed: document.seed ?? 1,
    fleet: {
      ...document.fleet,
      heartbeatIntervalMs: Math.max(1, parseDuration(document.fleet.heartbeatIntervalMs)),
      restartDelayMs: parseDuration(document.fleet.restartDelayMs),
    },
    load: {
      tasksPerAgentPerSecond: document.load.tasksPerAgentPerSecond,
      taskDurationMs: {
        mean: document.load.taskDurationMs.mean,
        jitterRatio: document.load.taskDurationMs.jitterRatio,
      },
      taskTimeoutMs:
        document.load.taskTimeoutMs === undefined
          ? DEFAULT_TASK_TIMEOUT_MS
          : Math.max(1, parseDuration(document.load.taskTimeoutMs)),
      routedTasksPerSecond: document.load.routedTasksPerSecond ?? 0,
    },
    durationMs: parseDuration(document.duration),
    faults,
    expectations,
  };
}

function toFault(section: FaultSection, index: number, issues: ScenarioIssue[]): Fault {
  const path = `faults[${index}]`;
  const given: Record<string, number> = {};
  for (const [name, value] of Object.entries(section.params ?? {})) {
    try {
      given[name] = DURATION_PARAMS.has(name)
        ? parseDuration(value)
        : typeof value === 'number'
          ? value
          : Number.NaN;
    } catch (error) {
      issues.push({ path: `${path}.params.${name}`, message: (error as Error).message });
    }
  }
  issues.push(...faultRuleIssues(path, section.kind, section.target, given));
  return {
    index,
    atMs: parseDuration(section.at),
    kind: section.kind,
    target: {
      agents: section.target.agents,
      count: section.target.count,
      zone: section.target.zone,
      host: section.target.host,
    },
    durationMs: section.duration === undefined ? undefined : parseDuration(section.duration),
    params: { ...FAULT_PARAM_DEFAULTS[section.kind], ...given },
  };
}

function toExpectation(section: ExpectationSection, index: number, issues: ScenarioIssue[]): Expectation {
  if (section.agent !== undefined && (section.zone !== undefined || section.count !== undefined)) {
    issues.push({ path: `expect[${index}]`, message: 'an expectation on one agent takes no zone or count' });
  }
  return {
    index,
    afterMs: parseDuration(section.after),
    withinMs: section.within === undefined ? DEFAULT_EXPECTATION_WINDOW_MS : parseDuration(section.within),
    agent: section.agent,
    zone: section.zone,
    count: section.count,
    state: section.state,
  };
}

function flatten(errors: ValidationError[], parent = ''): ScenarioIssue[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
