import { randomUUID } from 'node:crypto';
import type {
  AlertList,
  AlertListQuery,
  IncidentAcknowledge,
  IncidentReply,
  IncidentView,
  SilenceCreate,
  SilenceList,
  SilenceListQuery,
  SilenceView,
} from '@warden/contracts';
import { ALERT_LIST_MAX_ALERTS } from '@warden/contracts';
import type { KvRecords } from '@warden/messaging';
import { alertViewOf } from '../domain/alert-view';
import { isResolved } from '../domain/alert';
import { InvalidMatcherError, Matcher, matchesAll } from '../domain/matcher';
import type { IncidentRecord } from '../incidents/incident-record';
import { silenceStateAt, type Silence } from '../silences/silence';
import { encodeSilence, type StoredSilence } from '../store/record-codecs';
import type { AlertState } from './alert-state';

/** An operator request that cannot be carried out as asked; the API answers 400 (or not-found) with it. */
export class OperatorRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found',
  ) {
    super(message);
    this.name = 'OperatorRequestError';
  }
}

const MAX_SILENCE_DURATION_MS = 365 * 24 * 3600 * 1000;

/**
 * What operators ask of the alert manager, over NATS or HTTP, on any replica: list alerts and silences,
 * create and expire silences, acknowledge incidents. Reads come from the replica's mirror; writes go to
 * the buckets, where the sender picks them up.
 */
export class OperatorCommands {
  constructor(
    private readonly state: AlertState,
    private readonly silences: KvRecords<StoredSilence>,
    private readonly incidents: KvRecords<IncidentRecord>,
  ) {}

  listAlerts(query: AlertListQuery): AlertList {
    const now = Date.now();
    const filter = (query.filter ?? []).map((spec) => this.matcherOf(spec));
    const mute = this.state.muteStates(now);
    const views = [...this.state.alerts.values()]
      .filter((alert) => (query.includeResolved ?? false) || !isResolved(alert, now))
      .filter((alert) => matchesAll(filter, { ...alert.labels, fingerprint: alert.fingerprint }))
      .sort((a, b) => a.startsAt - b.startsAt || a.fingerprint.localeCompare(b.fingerprint))
      .map((alert) => alertViewOf(alert, mute(alert), now));
    return {
      alerts: views.slice(0, ALERT_LIST_MAX_ALERTS),
      truncatedAlerts: Math.max(0, views.length - ALERT_LIST_MAX_ALERTS),
    };
  }

  listSilences(query: SilenceListQuery): SilenceList {
    const now = Date.now();
    const silences = this.state.silences
      .all()
      .filter((silence) => (query.includeExpired ?? false) || silenceStateAt(silence, now) !== 'expired')
      .sort((a, b) => a.startsAt - b.startsAt)
      .map((silence) => silenceViewOf(silence, now));
    return { silences };
  }

  getSilence(id: string): SilenceView {
    const silence = this.state.silences.get(id);
    if (!silence) throw new OperatorRequestError(`no silence ${id}`, 'not-found');
    return silenceViewOf(silence, Date.now());
  }

  async createSilence(request: SilenceCreate): Promise<SilenceView> {
    const now = Date.now();
    const matchers = request.matchers.map((spec) => this.matcherOf(spec));
    if (matchers.every((matcher) => matcher.matches({})))
      throw new OperatorRequestError(
        'at least one matcher must not match the empty string (it would silence everything)',
        'invalid',
      );
    const startsAt = request.startsAt ? Math.max(Date.parse(request.startsAt), now) : now;
    const endsAt = Date.parse(request.endsAt);
    if (endsAt <= startsAt)
      throw new OperatorRequestError('endsAt must be after startsAt (and in the future)', 'invalid');
    if (endsAt - startsAt > MAX_SILENCE_DURATION_MS)
      throw new OperatorRequestError('a silence may last at most a year', 'invalid');
    const id = request.silenceId ?? randomUUID();
    if (request.silenceId && !this.state.silences.get(request.silenceId))
      throw new OperatorRequestError(`no silence ${request.silenceId} to update`, 'not-found');
    const silence: Silence = {
      id,
      matchers,
      startsAt,
      endsAt,
      createdBy: request.createdBy,
      comment: request.comment,
      updatedAt: now,
    };
    await this.silences.put(id, encodeSilence(silence));
    this.state.silenceRecords.put(id, silence);
    return silenceViewOf(silence, now);
  }

  async expireSilence(id: string): Promise<SilenceView> {
    const now = Date.now();
    let expired: Silence | undefined;
    const existing = this.state.silences.get(id);
    if (!existing) throw new OperatorRequestError(`no silence ${id}`, 'not-found');
    if (silenceStateAt(existing, now) === 'expired')
      throw new OperatorRequestError(`silence ${id} has already expired`, 'invalid');
    await this.silences.mutate(id, (current) => {
      if (!current) return undefined;
      expired = { ...existing, startsAt: Math.min(current.startsAt, now), endsAt: now, updatedAt: now };
      return encodeSilence(expired);
    });
    if (!expired) throw new OperatorRequestError(`no silence ${id}`, 'not-found');
    this.state.silenceRecords.put(id, expired);
    return silenceViewOf(expired, now);
  }

  async acknowledge(request: IncidentAcknowledge): Promise<IncidentReply> {
    const now = Date.now();
    let missing = false;
    let resolved = false;
    const stored = await this.incidents.mutate(request.incidentId, (current) => {
      if (!current) {
        missing = true;
        return undefined;
      }
      if (current.state === 'resolved') {
        resolved = true;
        return undefined;
      }
      return {
        ...current,
        state: 'acknowledged',
        acknowledgedBy: request.acknowledgedBy,
        acknowledgedAt: now,
        updatedAt: now,
      };
    });
    if (missing || !stored) throw new OperatorRequestError(`no incident ${request.incidentId}`, 'not-found');
    if (resolved)
      throw new OperatorRequestError(`incident ${request.incidentId} is already resolved`, 'invalid');
    return { incident: incidentViewOf(stored) };
  }

  listIncidents(): IncidentView[] {
    return [...this.state.incidents.values()].map(incidentViewOf);
  }

  private matcherOf(spec: { name: string; value: string; isRegex: boolean; isEqual: boolean }): Matcher {
    try {
      return Matcher.of(spec);
    } catch (error) {
      if (error instanceof InvalidMatcherError) throw new OperatorRequestError(error.message, 'invalid');
      throw error;
    }
  }
}

export function silenceViewOf(silence: Silence, now: number): SilenceView {
  return {
    silenceId: silence.id,
    matchers: silence.matchers.map((m) => ({
      name: m.name,
      value: m.value,
      isRegex: m.isRegex,
      isEqual: m.isEqual,
    })),
    startsAt: new Date(silence.startsAt).toISOString(),
    endsAt: new Date(silence.endsAt).toISOString(),
    createdBy: silence.createdBy,
    comment: silence.comment,
    state: silenceStateAt(silence, now),
    updatedAt: new Date(silence.updatedAt).toISOString(),
  };
}

export function incidentViewOf(record: IncidentRecord): IncidentView {
  return {
    incidentId: record.id,
    groupKey: record.groupKey.slice(0, 1024),
    state: record.state,
    escalationStep: record.step,
    ...(record.acknowledgedBy ? { acknowledgedBy: record.acknowledgedBy.slice(0, 256) } : {}),
    ...(record.acknowledgedAt !== undefined
      ? { acknowledgedAt: new Date(record.acknowledgedAt).toISOString() }
      : {}),
    openedAt: new Date(record.openedAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
