import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AGENTS, DEFAULT_SCENARIO, StartUsageError, parseStartCommand } from './start-options';

const root = '/repo';

describe('parseStartCommand', () => {
  it('defaults to the mixed scenario, 100 agents, a local NATS and the live view', () => {
    expect(parseStartCommand([], {}, root)).toEqual({
      kind: 'run',
      options: {
        scenario: join(root, DEFAULT_SCENARIO),
        scenarioIsDefault: true,
        agents: DEFAULT_AGENTS,
        natsUrl: undefined,
        plainOutput: false,
      },
    });
  });

  it('takes the scenario, agent count, NATS URL and --no-view from the command line', () => {
    const scenario = join(mkdtempSync(join(tmpdir(), 'warden-start-')), 'crash.yaml');
    writeFileSync(scenario, 'name: crash\n');
    const command = parseStartCommand(
      ['--scenario', scenario, '--agents', '250', '--nats-url', 'nats://10.0.0.1:4222', '--no-view'],
      {},
      root,
    );
    expect(command).toEqual({
      kind: 'run',
      options: {
        scenario,
        scenarioIsDefault: false,
        agents: 250,
        natsUrl: 'nats://10.0.0.1:4222',
        plainOutput: true,
      },
    });
  });

  it('uses NATS_URL when --nats-url is absent, and --nats-url over NATS_URL', () => {
    const fromEnv = parseStartCommand([], { NATS_URL: 'nats://env:4222' }, root);
    expect(fromEnv.kind === 'run' && fromEnv.options.natsUrl).toBe('nats://env:4222');
    const fromFlag = parseStartCommand(
      ['--nats-url', 'nats://flag:4222'],
      { NATS_URL: 'nats://env:4222' },
      root,
    );
    expect(fromFlag.kind === 'run' && fromFlag.options.natsUrl).toBe('nats://flag:4222');
  });

  it('rejects a bad agent count, a missing scenario file and unknown options', () => {
    for (const agents of ['0', '-3', '2.5', 'many']) {
      expect(() => parseStartCommand(['--agents', agents], {}, root)).toThrow(StartUsageError);
    }
    expect(() => parseStartCommand(['--scenario', '/no/such/scenario.yaml'], {}, root)).toThrow(
      /no such file/,
    );
    expect(() => parseStartCommand(['--agnets', '5'], {}, root)).toThrow(StartUsageError);
  });

  it('answers --help', () => {
    expect(parseStartCommand(['--help'], {}, root)).toEqual({ kind: 'help' });
  });
});
