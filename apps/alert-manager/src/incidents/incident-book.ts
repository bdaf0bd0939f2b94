import { createHash } from 'node:crypto';
import { levelOfStep, totalSteps, type EscalationPolicy } from './escalation-policy';
import type { IncidentRecord } from './incident-record';

export type StepReason = 'triggered' | 'escalated' | 're-triggered';

/** What the book asks the outside world to do; it keeps no I/O of its own. */
export interface IncidentEffects {
  /** Stores the record; an acknowledgement stored meanwhile by someone else is reported back via `acknowledge`. */
  persist(record: IncidentRecord): Promise<void>;
  /** Notify the receivers of one escalation step; resolves once they were notified (or gave up). */
  notifyStep(record: IncidentRecord, receivers: readonly string[], reason: StepReason): Promise<void>;
  notifyResolved(record: IncidentRecord, receivers: readonly string[]): Promise<void>;
}

export class UnknownIncidentError extends Error {
  constructor(readonly incidentId: string) {
    super(`no open incident ${incidentId}`);
    this.name = 'UnknownIncidentError';
  }
}

/**
 * The incident lifecycle over alert groups whose route names an escalation policy: a group that starts
 * firing opens an incident and notifies the first level; while unacknowledged, each level's delay moves it
 * to the next, looping as the policy says; an acknowledgement stops that and re-triggers the incident if
 * it is not resolved within the policy's acknowledgement timeout; the group resolving resolves it and
 * tells everyone who was paged. Runs on the sending replica only; timers from the real or a fake clock.
 */
export class IncidentBook {
  private readonly open = new Map<string, IncidentRecord>();
  private readonly byGroup = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly policies: ReadonlyMap<string, EscalationPolicy>,
    private readonly effects: IncidentEffects,
  ) {}

  get(id: string): IncidentRecord | undefined {
    return this.open.get(id);
  }

  forGroup(groupKey: string): IncidentRecord | undefined {
    const id = this.byGroup.get(groupKey);
    return id === undefined ? undefined : this.open.get(id);
  }

  all(): IncidentRecord[] {
    return [...this.open.values()];
  }

  /** Takes over incidents stored by a previous sender, resuming their timers where they were. */
  load(records: readonly IncidentRecord[]): void {
    for (const record of records) {
      if (record.state === 'resolved') continue;
      this.open.set(record.id, { ...record });
      this.byGroup.set(record.groupKey, record.id);
      this.scheduleNext(record.id);
    }
  }

  /** Called at each flush of a group whose route has a policy: opens, keeps or resolves its incident. */
  async observe(groupKey: string, policyName: string, firing: boolean, now: number): Promise<void> {
    const current = this.forGroup(groupKey);
    if (firing && !current) return this.openIncident(groupKey, policyName, now);
    if (!firing && current) return this.resolve(current.id, now);
  }

  /** An operator took the incident: no more escalation until the acknowledgement times out. */
  async acknowledge(id: string, by: string, at: number): Promise<IncidentRecord> {
    const record = this.open.get(id);
    if (!record) throw new UnknownIncidentError(id);
    if (record.state === 'acknowledged' && record.acknowledgedAt === at) return record;
    record.state = 'acknowledged';
    record.acknowledgedBy = by;
    record.acknowledgedAt = at;
    record.updatedAt = Date.now();
    this.scheduleNext(id);
    await this.effects.persist(record);
    return record;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async openIncident(groupKey: string, policyName: string, now: number): Promise<void> {
    const policy = this.policyOf(policyName);
    const id = `inc-${createHash('sha256').update(`${groupKey}\u0000${now}`).digest('hex').slice(0, 16)}`;
    const record: IncidentRecord = {
      id,
      groupKey,
      policy: policy.name,
      state: 'triggered',
      step: 0,
      openedAt: now,
      triggeredAt: now,
      lastStepAt: now,
      notified: [],
      updatedAt: now,
    };
    this.open.set(id, record);
    this.byGroup.set(groupKey, id);
    await this.notifyStep(record, 'triggered');
  }

  private async resolve(id: string, now: number): Promise<void> {
    const record = this.open.get(id);
    if (!record) return;
    this.clearTimer(id);
    this.open.delete(id);
    this.byGroup.delete(record.groupKey);
    record.state = 'resolved';
    record.resolvedAt = now;
    record.updatedAt = now;
    await this.effects.persist(record);
    if (record.notified.length > 0) await this.effects.notifyResolved(record, record.notified);
  }

  private async notifyStep(record: IncidentRecord, reason: StepReason): Promise<void> {
    const policy = this.policyOf(record.policy);
    const receivers = levelOfStep(policy, record.step).receivers;
    for (const receiver of receivers) if (!record.notified.includes(receiver)) record.notified.push(receiver);
    await this.effects.persist(record);
    this.scheduleNext(record.id);
    await this.effects.notifyStep(record, receivers, reason);
  }

  /** Arms the one timer an open incident has: the next escalation step, or the re-trigger after an ack. */
  private scheduleNext(id: string): void {
    this.clearTimer(id);
    const record = this.open.get(id);
    if (!record || this.stopped) return;
    const policy = this.policyOf(record.policy);
    let dueAt: number;
    if (record.state === 'acknowledged') {
      dueAt = (record.acknowledgedAt ?? Date.now()) + policy.ackTimeoutMs;
    } else {
      if (record.step + 1 >= totalSteps(policy)) return;
      dueAt = record.lastStepAt + levelOfStep(policy, record.step).escalateAfterMs;
    }
    const timer = setTimeout(() => void this.onDue(id), Math.max(0, dueAt - Date.now()));
    this.timers.set(id, timer);
  }

  private async onDue(id: string): Promise<void> {
    this.timers.delete(id);
    const record = this.open.get(id);
    if (!record || this.stopped) return;
    const now = Date.now();
    if (record.state === 'acknowledged') {
      record.state = 'triggered';
      record.step = 0;
      record.triggeredAt = now;
      record.lastStepAt = now;
      record.acknowledgedBy = undefined;
      record.acknowledgedAt = undefined;
      record.updatedAt = now;
      await this.notifyStep(record, 're-triggered');
      return;
    }
    record.step += 1;
    record.lastStepAt = now;
    record.updatedAt = now;
    await this.notifyStep(record, 'escalated');
  }

  private clearTimer(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  private policyOf(name: string): EscalationPolicy {
    const policy = this.policies.get(name);
    if (!policy) throw new Error(`escalation policy ${name} is not configured`);
    return policy;
  }
}
