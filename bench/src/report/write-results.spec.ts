import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from './run-report';
import { timestampForFileName, writeResults } from './write-results';

const report: RunReport = {
  schemaVersion: 1,
  mode: 'full',
  startedAt: '2026-11-24T10:20:30.456Z',
  finishedAt: '2026-11-24T10:30:00.000Z',
  environment: {
    node: 'v20.20.0',
    platform: 'linux',
    arch: 'x64',
    cpuModel: 'Test CPU',
    cpuCount: 2,
    loadAverageAtStart: [1, 1, 1],
    natsServerVersion: 'v2.9.10',
  },
  scenarios: [],
};

describe('writeResults', () => {
  let outDir: string;

  beforeEach(async () => {
    outDir = join(await mkdtemp(join(tmpdir(), 'warden-bench-')), 'nested', 'results');
  });

  afterEach(async () => {
    await rm(join(outDir, '..', '..'), { recursive: true, force: true });
  });

  it('writes latest.json, latest.md and a timestamped JSON copy, creating the directory', async () => {
    const written = await writeResults(report, outDir);
    expect((await readdir(outDir)).sort()).toEqual([
      '2026-11-24T10-20-30Z-full.json',
      'latest.json',
      'latest.md',
    ]);
    expect(JSON.parse(await readFile(written.latestJson, 'utf8'))).toEqual(report);
    expect(await readFile(written.timestampedJson, 'utf8')).toBe(await readFile(written.latestJson, 'utf8'));
    expect(await readFile(written.latestMarkdown, 'utf8')).toContain('# Warden bench — full run');
  });
});

describe('timestampForFileName', () => {
  it('drops colons and milliseconds so the name is portable and sorts by time', () => {
    expect(timestampForFileName('2026-01-02T03:04:05.678Z')).toBe('2026-01-02T03-04-05Z');
  });
});
