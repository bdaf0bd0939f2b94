import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, parseScenario } from './load-scenario';
import { ScenarioFileError } from './scenario-file-error';

const scenariosDir = join(__dirname, '..', '..', 'scenarios');

function valid(): Record<string, unknown> {
  return {
    name: 'unit',
    fleet: {
      agents: 10,
      hosts: 2,
      zones: 2,
      capabilities: ['compute'],
      capacity: 2,
      heartbeatIntervalMs: '1s',
      restartDelayMs: 500,
    },
    load: { tasksPerAgentPerSecond: 1, taskDurationMs: { mean: 20, jitterRatio: 0.1 } },
    duration: '1m',
    faults: [{ at: '10s', kind: 'slow', target: { count: 2 }, duration: '20s', params: { factor: 5 } }],
    expect: [{ after: '5s', agent: 'agent-0001', state: 'healthy' }],
  };
}

function issuesOf(raw: unknown): { path: string; message: string }[] {
  try {
    parseScenario('test.yaml', raw);
  } catch (error) {
    if (error instanceof ScenarioFileError) return [...error.issues];
    throw error;
  }
  throw new Error('the scenario was accepted');
}

describe('scenario files', () => {
  it.each(readdirSync(scenariosDir))('ships a valid %s', (file) => {
    const scenario = loadScenarioFile(join(scenariosDir, file));
    expect(scenario.name).toBe(file.replace(/\.yaml$/, ''));
    expect(scenario.durationMs).toBeGreaterThan(0);
  });

  it('turns every time into ms and fills the defaults', () => {
    const scenario = parseScenario('test.yaml', valid());
    expect(scenario.fleet).toMatchObject({ heartbeatIntervalMs: 1000, restartDelayMs: 500 });
    expect(scenario.load.taskTimeoutMs).toBe(30_000);
    expect(scenario.faults[0]).toMatchObject({
      atMs: 10_000,
      durationMs: 20_000,
      kind: 'slow',
      params: { factor: 5 },
    });
    expect(scenario.expectations[0]).toMatchObject({ afterMs: 5000, withinMs: 5000, state: 'healthy' });
    expect(scenario.seed).toBe(1);
  });

  it('reads JSON files as well as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-sim-'));
    writeFileSync(join(dir, 'unit.json'), JSON.stringify(valid()));
    expect(loadScenarioFile(join(dir, 'unit.json')).name).toBe('unit');
  });

  it('names the file when it is missing or does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-sim-'));
    writeFileSync(join(dir, 'broken.yaml'), 'fleet: [unclosed');
    expect(() => loadScenarioFile(join(dir, 'missing.yaml'))).toThrow(
      /missing\.yaml is invalid:\n {2}- \(file\): cannot be read/,
    );
    expect(() => loadScenarioFile(join(dir, 'broken.yaml'))).toThrow(
      /broken\.yaml is invalid:\n {2}- \(file\): is not valid YAML/,
    );
  });

  it('names the path of a missing or malformed field', () => {
    const raw = valid();
    delete (raw.fleet as Record<string, unknown>).capacity;
    (raw.load as Record<string, unknown>).taskDurationMs = { mean: -1, jitterRatio: 0.1 };
    raw.duration = 'a while';
    const paths = issuesOf(raw).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['fleet.capacity', 'load.taskDurationMs.mean', 'duration']));
  });

  it('refuses unknown fields and unknown fault kinds', () => {
    const raw = { ...valid(), colour: 'blue', faults: [{ at: '1s', kind: 'meteor', target: { count: 1 } }] };
    const issues = issuesOf(raw);
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['colour', 'faults[0].kind']));
  });

  it('refuses a target that names none or several selectors, and params a kind does not take', () => {
    const raw = {
      ...valid(),
      faults: [
        { at: '1s', kind: 'crash', target: {} },
        { at: '1s', kind: 'crash', target: { count: 1, zone: 'zone-a' } },
        { at: '1s', kind: 'slow', target: { count: 1 }, params: { factor: 0.5, speed: 3 } },
        { at: '1s', kind: 'host-partition', target: { zone: 'zone-a' } },
        { at: '1s', kind: 'flapping', target: { count: 1 }, params: { period: 'often' } },
      ],
    };
    const issues = issuesOf(raw);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'faults[0].target', message: 'give exactly one of agents, count, zone, host (got none)' },
        {
          path: 'faults[1].target',
          message: 'give exactly one of agents, count, zone, host (got count, zone)',
        },
        { path: 'faults[2].params.factor', message: 'must be at least 1' },
        expect.objectContaining({ path: 'faults[2].params.speed' }),
        { path: 'faults[3].target', message: 'a host-partition targets a host' },
        expect.objectContaining({ path: 'faults[4].params.period' }),
      ]),
    );
  });

  it('refuses an expectation on one agent that also names a zone', () => {
    const raw = {
      ...valid(),
      expect: [{ after: '1s', agent: 'agent-0001', zone: 'zone-a', state: 'healthy' }],
    };
    expect(issuesOf(raw)).toEqual([
      { path: 'expect[0]', message: 'an expectation on one agent takes no zone or count' },
    ]);
  });

  it('refuses a document that is not an object', () => {
    expect(issuesOf(['a', 'list'])[0].path).toBe('');
  });
});
