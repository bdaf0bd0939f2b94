import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderMarkdownReport } from './markdown-report';
import type { RunReport } from './run-report';

export interface WrittenResults {
  latestJson: string;
  latestMarkdown: string;
  timestampedJson: string;
}

/** File-name-safe form of the run's start time, so timestamped copies sort chronologically. */
export function timestampForFileName(isoTimestamp: string): string {
  return isoTimestamp.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
}

export function renderJsonReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export async function writeResults(report: RunReport, outDir: string): Promise<WrittenResults> {
  await mkdir(outDir, { recursive: true });
  const json = renderJsonReport(report);
  const written: WrittenResults = {
    latestJson: join(outDir, 'latest.json'),
    latestMarkdown: join(outDir, 'latest.md'),
    timestampedJson: join(outDir, `${timestampForFileName(report.startedAt)}-${report.mode}.json`),
  };
  await writeFile(written.latestJson, json);
  await writeFile(written.timestampedJson, json);
  await writeFile(written.latestMarkdown, renderMarkdownReport(report));
  return written;
}
