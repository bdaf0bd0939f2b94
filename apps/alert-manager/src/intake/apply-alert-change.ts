import type { EvidenceLink } from '@warden/contracts';
import { isResolved, type AlertRecord } from '../domain/alert';
import type { AlertChange } from './alert-translator';

const MAX_EVIDENCE = 64;

/**
 * The alert after a change, or undefined when the change alters nothing. Events reach the manager on
 * separate consumers, so a change older than the alert's state is folded in as evidence only: a failure
 * detected before the recovery that resolved it does not fire the alert again. A resolution for an alert
 * not seen yet leaves a resolved record behind for the same reason.
 */
export function applyAlertChange(
  existing: AlertRecord | undefined,
  change: AlertChange,
  now: number,
): AlertRecord | undefined {
  if (change.kind === 'resolve') return resolve(existing, change, now);
  const incoming = change.alert;
  if (!existing) return incoming;
  if (isResolved(existing, now) && existing.endsAt !== undefined) {
    if (incoming.startsAt <= existing.endsAt) return withEvidence(existing, incoming.evidence, now);
    return {
      ...incoming,
      deliveries: existing.deliveries,
      evidence: mergeEvidence(existing.evidence, incoming.evidence),
      updatedAt: now,
    };
  }
  return {
    ...incoming,
    startsAt: Math.min(existing.startsAt, incoming.startsAt),
    annotations: { ...existing.annotations, ...incoming.annotations },
    explainedBy: incoming.explainedBy ?? existing.explainedBy,
    evidence: mergeEvidence(existing.evidence, incoming.evidence),
    deliveries: existing.deliveries,
    updatedAt: now,
  };
}

function resolve(
  existing: AlertRecord | undefined,
  change: Extract<AlertChange, { kind: 'resolve' }>,
  now: number,
): AlertRecord | undefined {
  if (!existing) {
    return {
      ...change.template,
      startsAt: change.at,
      endsAt: change.at,
      evidence: [change.evidence],
      updatedAt: now,
    };
  }
  if (isResolved(existing, now) || existing.startsAt > change.at) {
    return existing.evidence.some((link) => link.ref === change.evidence.ref)
      ? undefined
      : withEvidence(existing, [change.evidence], now);
  }
  return {
    ...existing,
    endsAt: Math.min(change.at, now),
    annotations: { ...existing.annotations, resolvedBy: change.evidence.ref },
    evidence: mergeEvidence(existing.evidence, [change.evidence]),
    updatedAt: now,
  };
}

function withEvidence(alert: AlertRecord, evidence: readonly EvidenceLink[], now: number): AlertRecord {
  return { ...alert, evidence: mergeEvidence(alert.evidence, evidence), updatedAt: now };
}

function mergeEvidence(old: readonly EvidenceLink[], added: readonly EvidenceLink[]): EvidenceLink[] {
  const merged = [...old];
  for (const link of added) {
    if (!merged.some((known) => known.kind === link.kind && known.ref === link.ref)) merged.push(link);
  }
  return merged.slice(-MAX_EVIDENCE);
}
