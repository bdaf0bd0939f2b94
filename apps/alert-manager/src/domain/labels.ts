import { createHash } from 'node:crypto';

/** An alert's identity and routing keys, Alertmanager style: label name → value. */
export type Labels = Readonly<Record<string, string>>;

/**
 * A stable 16-hex-digit alert id from what the alert is about (its name and identity: the agent, the
 * pattern id…), not from every label: a failure whose type or severity changes, or a pattern that grows
 * graver, stays the same alert in the same groups, and a resolution can name the alert it ends before
 * the alert itself has been seen (events arrive on separate consumers, in any order).
 */
export function fingerprintOf(alertname: string, identity: string): string {
  return createHash('sha256').update(alertname).update('\u0000').update(identity).digest('hex').slice(0, 16);
}

/** `{a="1", b="2"}` with names sorted: Alertmanager's rendering, used in group keys. */
export function renderLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${parts.join(', ')}}`;
}

/** The labels every member of `sets` shares with the same value (Alertmanager's commonLabels). */
export function commonLabelsOf(sets: readonly Labels[]): Record<string, string> {
  if (sets.length === 0) return {};
  const common: Record<string, string> = { ...sets[0] };
  for (const labels of sets.slice(1)) {
    for (const name of Object.keys(common)) if (labels[name] !== common[name]) delete common[name];
  }
  return common;
}
