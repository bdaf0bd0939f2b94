import { BenchUsageError, parseBenchArgs } from './bench-command';

describe('parseBenchArgs', () => {
  it('defaults to a full run of every scenario into the default directory', () => {
    expect(parseBenchArgs([], '/default')).toEqual({
      quick: false,
      filters: [],
      outDir: '/default',
      list: false,
      help: false,
    });
  });

  it('reads --quick, repeated --filter and --out', () => {
    const command = parseBenchArgs(['--quick', '--filter', 'nest', '--filter=raw', '--out', '/tmp/x'], '/d');
    expect(command).toMatchObject({ quick: true, filters: ['nest', 'raw'], outDir: '/tmp/x' });
  });

  it('rejects unknown options, positionals and a missing or empty filter name as usage errors', () => {
    expect(() => parseBenchArgs(['--fast'], '/d')).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['nest'], '/d')).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--filter'], '/d')).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--filter', ' '], '/d')).toThrow('--filter needs a non-empty name');
  });
});
