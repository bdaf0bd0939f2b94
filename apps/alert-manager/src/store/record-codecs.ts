import type { AlertRecord } from '../domain/alert';
import { Matcher, type MatchOperator } from '../domain/matcher';
import type { NotificationLogEntry } from '../dispatch/notification-decision';
import type { IncidentRecord } from '../incidents/incident-record';
import type { Silence } from '../silences/silence';

/** A stored record that is not what this version of the alert manager writes. */
export class CorruptRecordError extends Error {
  constructor(what: string, problem: string) {
    super(`corrupt ${what} record: ${problem}`);
    this.name = 'CorruptRecordError';
  }
}

function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CorruptRecordError(what, 'not an object');
  return value as Record<string, unknown>;
}

function requireFields(record: Record<string, unknown>, what: string, fields: Record<string, string>): void {
  for (const [field, type] of Object.entries(fields)) {
    const actual = Array.isArray(record[field]) ? 'array' : typeof record[field];
    if (actual !== type) throw new CorruptRecordError(what, `${field} is ${actual}, expected ${type}`);
  }
}

export function decodeAlert(value: unknown): AlertRecord {
  const record = objectOf(value, 'alert');
  requireFields(record, 'alert', {
    fingerprint: 'string',
    labels: 'object',
    annotations: 'object',
    startsAt: 'number',
    updatedAt: 'number',
    agentIds: 'array',
    evidence: 'array',
    deliveries: 'array',
  });
  return record as unknown as AlertRecord;
}

interface StoredMatcher {
  name: string;
  operator: MatchOperator;
  value: string;
}

export type StoredSilence = Omit<Silence, 'matchers'> & { matchers: StoredMatcher[] };

export function encodeSilence(silence: Silence): StoredSilence {
  return {
    ...silence,
    matchers: silence.matchers.map(({ name, operator, value }) => ({ name, operator, value })),
  };
}

export function decodeSilence(value: unknown): Silence {
  const record = objectOf(value, 'silence');
  requireFields(record, 'silence', {
    id: 'string',
    matchers: 'array',
    startsAt: 'number',
    endsAt: 'number',
    createdBy: 'string',
    comment: 'string',
    updatedAt: 'number',
  });
  const stored = record as unknown as StoredSilence;
  return { ...stored, matchers: stored.matchers.map((m) => new Matcher(m.name, m.operator, m.value)) };
}

export function decodeIncident(value: unknown): IncidentRecord {
  const record = objectOf(value, 'incident');
  requireFields(record, 'incident', {
    id: 'string',
    groupKey: 'string',
    policy: 'string',
    state: 'string',
    step: 'number',
    openedAt: 'number',
    triggeredAt: 'number',
    lastStepAt: 'number',
    notified: 'array',
    updatedAt: 'number',
  });
  return record as unknown as IncidentRecord;
}

export function decodeLogEntry(value: unknown): NotificationLogEntry {
  const record = objectOf(value, 'notification log');
  requireFields(record, 'notification log', {
    groupKey: 'string',
    receiver: 'string',
    firing: 'array',
    resolved: 'array',
    sentAt: 'number',
    fencingToken: 'number',
    state: 'string',
  });
  return record as unknown as NotificationLogEntry;
}
