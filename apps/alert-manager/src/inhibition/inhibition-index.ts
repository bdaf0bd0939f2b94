import { isResolved, type AlertRecord } from '../domain/alert';
import { matchesAll } from '../domain/matcher';
import type { InhibitionRule, TopologyInhibition } from './inhibition-rule';

/** The label every per-agent alert carries; topology inhibition applies to alerts that have it. */
export const AGENT_LABEL = 'agent';
export const PATTERN_LABEL = 'pattern';

interface RuleSource {
  fingerprint: string;
  /** The source matches the rule's target side too (a two-sided alert). */
  matchesTarget: boolean;
}

interface RuleSources {
  rule: InhibitionRule;
  /** equal-label values joined → the firing sources with those values. */
  byEqualValues: Map<string, RuleSource[]>;
}

/**
 * Which firing alerts inhibit which, for one snapshot of the alerts. Built once per evaluation so that
 * each target is answered by map look-ups, not by a scan of every source (Alertmanager's inhibitor is
 * quadratic in the number of alerts, a known complaint).
 */
export class InhibitionIndex {
  private readonly rules: RuleSources[];
  /** agent id → fingerprints of topology alerts naming it. */
  private readonly topologyByAgent = new Map<string, string[]>();

  constructor(
    rules: readonly InhibitionRule[],
    topology: TopologyInhibition,
    alerts: Iterable<AlertRecord>,
    now: number,
  ) {
    this.rules = rules.map((rule) => ({ rule, byEqualValues: new Map() }));
    const patterns = new Set(topology.patterns);
    for (const alert of alerts) {
      if (isResolved(alert, now)) continue;
      for (const entry of this.rules) {
        if (!matchesAll(entry.rule.sourceMatchers, alert.labels)) continue;
        const key = equalKey(entry.rule.equal, alert.labels);
        const list = entry.byEqualValues.get(key) ?? [];
        list.push({
          fingerprint: alert.fingerprint,
          matchesTarget: matchesAll(entry.rule.targetMatchers, alert.labels),
        });
        entry.byEqualValues.set(key, list);
      }
      const pattern = alert.labels[PATTERN_LABEL];
      if (topology.enabled && pattern !== undefined && patterns.has(pattern)) {
        for (const agentId of alert.agentIds) {
          const list = this.topologyByAgent.get(agentId) ?? [];
          list.push(alert.fingerprint);
          this.topologyByAgent.set(agentId, list);
        }
      }
    }
  }

  /**
   * Fingerprints of the firing alerts that inhibit this one; empty when it is not inhibited. As in
   * Alertmanager (inhibit.go, `hasEqual(…, excludeTwoSidedMatch)`), a target that also matches the
   * rule's source side is not inhibited by sources that also match its target side: otherwise two alerts
   * matching both sides would mute each other and nobody would be paged. That also keeps an alert from
   * inhibiting itself.
   */
  inhibitorsOf(alert: AlertRecord): string[] {
    const found = new Set<string>();
    for (const { rule, byEqualValues } of this.rules) {
      if (!matchesAll(rule.targetMatchers, alert.labels)) continue;
      const twoSided = matchesAll(rule.sourceMatchers, alert.labels);
      for (const source of byEqualValues.get(equalKey(rule.equal, alert.labels)) ?? []) {
        if (!(twoSided && source.matchesTarget)) found.add(source.fingerprint);
      }
    }
    const agentId = alert.labels[AGENT_LABEL];
    if (agentId !== undefined) {
      for (const source of this.topologyByAgent.get(agentId) ?? []) {
        if (source !== alert.fingerprint) found.add(source);
      }
    }
    return [...found].sort();
  }
}

function equalKey(names: readonly string[], labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(names.map((name) => labels[name] ?? ''));
}
