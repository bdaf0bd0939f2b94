import { isResolved, type AlertRecord } from '../domain/alert';
import { renderLabels } from '../domain/labels';
import { groupLabelsOf, matchRoutes, type Route } from '../routing/route';
import type { FlushHandler, GroupSnapshot, MuteCheck } from './group-snapshot';

interface AggregationGroup {
  key: string;
  route: Route;
  groupLabels: Record<string, string>;
  alerts: Map<string, AlertRecord>;
  /** Until the first flush starts: when it is due. Afterwards undefined, and group_interval paces it. */
  firstFlushAt?: number;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

/**
 * Alertmanager's dispatcher: every alert goes to the aggregation groups of the routes it matches; a new
 * group waits `group_wait` before its first flush, then flushes every `group_interval`. Every alert that
 * joins before the first flush is checked, as in Alertmanager's aggrGroup.insert: one already older than
 * `group_wait` (e.g. after a failover) flushes the group at once. Unlike Alertmanager, one partly aged
 * also brings the first flush forward, to when its own `group_wait` ends, so the first flush does not
 * depend on the order in which a successor replays the stored alerts. What a flush notifies, and whether
 * `repeat_interval` has come, is the flush handler's call against the notification log. A group whose
 * alerts have all resolved and been flushed disappears.
 */
export class Dispatcher {
  private readonly groups = new Map<string, AggregationGroup>();
  /** fingerprint → keys of the groups holding it, so a relabelled alert leaves its old groups. */
  private readonly membership = new Map<string, Set<string>>();
  private stopped = false;

  constructor(
    private readonly root: Route,
    private readonly muteCheck: MuteCheck,
    private readonly flush: FlushHandler,
    private readonly onFlushError: (error: Error, groupKey: string) => void = () => undefined,
  ) {}

  get groupCount(): number {
    return this.groups.size;
  }

  groupKeys(): string[] {
    return [...this.groups.keys()];
  }

  /** Adds or updates an alert in every group its labels route it to. */
  upsert(alert: AlertRecord): void {
    if (this.stopped) return;
    const now = Date.now();
    const keys = new Set<string>();
    for (const route of matchRoutes(this.root, alert.labels)) {
      const groupLabels = groupLabelsOf(route, alert.labels);
      const key = `${route.id}:${renderLabels(groupLabels)}`;
      keys.add(key);
      let group = this.groups.get(key);
      if (!group) {
        group = { key, route, groupLabels, alerts: new Map(), firstFlushAt: now + route.groupWaitMs };
        this.groups.set(key, group);
        this.schedule(group, route.groupWaitMs);
      }
      group.alerts.set(alert.fingerprint, alert);
      this.bringFirstFlushForward(group, alert, now);
    }
    for (const oldKey of this.membership.get(alert.fingerprint) ?? []) {
      if (!keys.has(oldKey)) this.groups.get(oldKey)?.alerts.delete(alert.fingerprint);
    }
    this.membership.set(alert.fingerprint, keys);
  }

  /** The alert is gone from the store (aged out): it leaves its groups without a notification. */
  remove(fingerprint: string): void {
    for (const key of this.membership.get(fingerprint) ?? [])
      this.groups.get(key)?.alerts.delete(fingerprint);
    this.membership.delete(fingerprint);
  }

  /** Flushes every group now (tests and shutdown reports); resolves when the flushes finish. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => this.runFlush(group)));
  }

  stop(): void {
    this.stopped = true;
    for (const group of this.groups.values()) if (group.timer) clearTimeout(group.timer);
    this.groups.clear();
    this.membership.clear();
  }

  /** Before the first flush, an alert whose own group_wait ends sooner moves that flush up to then. */
  private bringFirstFlushForward(group: AggregationGroup, alert: AlertRecord, now: number): void {
    if (group.firstFlushAt === undefined) return;
    const dueAt = Math.max(now, alert.startsAt + group.route.groupWaitMs);
    if (dueAt >= group.firstFlushAt) return;
    group.firstFlushAt = dueAt;
    this.schedule(group, dueAt - now);
  }

  private schedule(group: AggregationGroup, delayMs: number): void {
    if (group.timer) clearTimeout(group.timer);
    group.timer = setTimeout(() => {
      group.timer = undefined;
      void this.runFlush(group);
    }, delayMs);
  }

  private runFlush(group: AggregationGroup): Promise<void> {
    if (group.flushing) return group.flushing;
    group.firstFlushAt = undefined;
    group.flushing = this.flushOnce(group).finally(() => {
      group.flushing = undefined;
    });
    return group.flushing;
  }

  private async flushOnce(group: AggregationGroup): Promise<void> {
    const snapshot = this.snapshotOf(group);
    let settled = false;
    try {
      settled = await this.flush(snapshot);
    } catch (error) {
      this.onFlushError(error as Error, group.key);
    }
    if (this.stopped || this.groups.get(group.key) !== group) return;
    if (settled) {
      // Resolved alerts that were reported leave the group, unless they fired again meanwhile.
      for (const sent of snapshot.resolved) {
        const current = group.alerts.get(sent.fingerprint);
        if (current && current.updatedAt === sent.updatedAt) {
          group.alerts.delete(sent.fingerprint);
          this.membership.get(sent.fingerprint)?.delete(group.key);
        }
      }
    }
    if (group.alerts.size === 0) {
      this.groups.delete(group.key);
      return;
    }
    this.schedule(group, group.route.groupIntervalMs);
  }

  private snapshotOf(group: AggregationGroup): GroupSnapshot {
    const now = Date.now();
    const alerts = [...group.alerts.values()];
    const muted = this.muteCheck(now);
    const snapshot: GroupSnapshot = {
      key: group.key,
      route: group.route,
      groupLabels: group.groupLabels,
      firing: [],
      resolved: [],
      muted: 0,
      at: now,
    };
    for (const alert of alerts) {
      if (isResolved(alert, now)) snapshot.resolved.push(alert);
      else if (muted(alert)) snapshot.muted++;
      else snapshot.firing.push(alert);
    }
    return snapshot;
  }
}
