import type { AlertRecord } from '../domain/alert';
import { fingerprintOf, type Labels } from '../domain/labels';

/** A firing alert with the given labels, identified by them (tests only). */
export function alertWith(labels: Labels, overrides: Partial<AlertRecord> = {}): AlertRecord {
  const now = Date.now();
  return {
    fingerprint: fingerprintOf(labels.alertname ?? 'Test', JSON.stringify(labels)),
    labels,
    annotations: { summary: `alert ${JSON.stringify(labels)}` },
    startsAt: now,
    updatedAt: now,
    agentIds: labels.agent ? [labels.agent] : [],
    evidence: [],
    deliveries: [],
    ...overrides,
  };
}
