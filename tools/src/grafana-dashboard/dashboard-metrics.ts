import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetricsRegistry } from '@warden/telemetry';

export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary';

/** `registry.counter({ name: 'warden_…'` and its gauge/histogram siblings, as every Warden metric is defined. */
const DEFINITION = /\.(counter|gauge|histogram)\(\{\s*name:\s*'(warden_[a-z0-9_]+)'/g;
const METRIC_NAME = /\bwarden_[a-z0-9_]+\b/g;
/** Series a histogram (or summary) exports besides its own name. */
const SERIES_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    // Specs define throwaway metrics of their own; only shipped code counts.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Every metric a Warden process can export: the definitions in the apps' and libs' sources, and the Node
 * process metrics the telemetry registry collects under the `warden_` prefix (read from a live registry,
 * so a prom-client upgrade that renames one shows up here).
 */
export async function definedMetrics(repoRoot: string): Promise<Map<string, MetricKind>> {
  const defined = new Map<string, MetricKind>();
  for (const top of ['apps', 'libs']) {
    for (const project of readdirSync(join(repoRoot, top))) {
      const src = join(repoRoot, top, project, 'src');
      let files: string[];
      try {
        files = sourceFiles(src);
      } catch {
        continue;
      }
      for (const file of files)
        for (const [, kind, name] of readFileSync(file, 'utf8').matchAll(DEFINITION))
          defined.set(name, kind as MetricKind);
    }
  }
  const processMetrics = new MetricsRegistry({ service: 'scan', instanceId: 'scan' });
  for (const metric of await processMetrics.registry.getMetricsAsJSON())
    if (metric.name.startsWith('warden_')) defined.set(metric.name, String(metric.type) as MetricKind);
  return defined;
}

/** A PromQL expression somewhere in a dashboard: the panel (or variable) it belongs to, and the text. */
export interface DashboardQuery {
  where: string;
  expr: string;
}

interface PanelLike {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: PanelLike[];
}

interface DashboardLike {
  panels?: PanelLike[];
  templating?: { list?: Array<{ name: string; definition?: string; query?: unknown }> };
}

/** Every query of the dashboard's panels (rows' nested panels too) and query variables. */
export function dashboardQueries(dashboard: DashboardLike): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  const visit = (panels: PanelLike[] = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? [])
        if (target.expr) queries.push({ where: `panel "${panel.title}"`, expr: target.expr });
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    const query = variable.query as { query?: string } | string | undefined;
    const expr = typeof query === 'string' ? query : query?.query;
    if (expr) queries.push({ where: `variable $${variable.name}`, expr });
  }
  return queries;
}

/** Metric names in an expression that no code defines; `_bucket`/`_sum`/`_count` only count on histograms and summaries. */
export function undefinedMetricNames(expr: string, defined: ReadonlyMap<string, MetricKind>): string[] {
  return [...new Set(expr.match(METRIC_NAME) ?? [])].filter((name) => {
    if (defined.has(name)) return false;
    const suffix = SERIES_SUFFIXES.find((candidate) => name.endsWith(candidate));
    if (!suffix) return true;
    const kind = defined.get(name.slice(0, -suffix.length));
    return kind !== 'histogram' && !(kind === 'summary' && suffix !== '_bucket');
  });
}

export function referencedMetricNames(expr: string): string[] {
  return [...new Set(expr.match(METRIC_NAME) ?? [])];
}
