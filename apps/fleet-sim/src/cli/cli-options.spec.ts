import { CliUsageError, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it("reads the start tool's exact command line", () => {
    expect(
      parseCliOptions(['--scenario', 's.yaml', '--agents', '100', '--nats-url', 'nats://127.0.0.1:5000'], {}),
    ).toEqual({
      scenarioFile: 's.yaml',
      agents: 100,
      hosts: undefined,
      zones: undefined,
      natsUrl: 'nats://127.0.0.1:5000',
      durationMs: undefined,
      assert: false,
      quiet: false,
    });
  });

  it('takes NATS_URL from the environment, then the local default', () => {
    expect(parseCliOptions(['--scenario', 's.yaml'], { NATS_URL: 'nats://elsewhere:4222' }).natsUrl).toBe(
      'nats://elsewhere:4222',
    );
    expect(parseCliOptions(['--scenario', 's.yaml'], {}).natsUrl).toBe('nats://127.0.0.1:4222');
  });

  it('reads durations, sizes and flags', () => {
    expect(
      parseCliOptions(
        ['--scenario', 's.yaml', '--duration', '90s', '--hosts', '3', '--zones', '2', '--assert', '--quiet'],
        {},
      ),
    ).toMatchObject({
      durationMs: 90_000,
      hosts: 3,
      zones: 2,
      assert: true,
      quiet: true,
    });
  });

  it.each([
    [[]],
    [['--scenario', 's.yaml', '--agents', 'many']],
    [['--scenario', 's.yaml', '--agents', '0']],
    [['--scenario', 's.yaml', '--duration', 'soon']],
    [['--scenario', 's.yaml', '--colour']],
  ])('refuses %p with the usage', (argv) => {
    expect(() => parseCliOptions(argv, {})).toThrow(CliUsageError);
    expect(() => parseCliOptions(argv, {})).toThrow(/usage: node apps\/fleet-sim\/dist\/main\.js/);
  });
});
