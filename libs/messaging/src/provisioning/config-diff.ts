import { isDeepStrictEqual } from 'node:util';
import type { FieldChange } from './provisioning-result';

/** The fields of `desired` whose value differs from `current`; arrays compare as sets because order has no meaning in these configs. */
export function diffFields<T extends object>(
  current: Partial<T>,
  desired: Partial<T>,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = normalise(current[field]);
    const to = normalise(desired[field]);
    if (!isDeepStrictEqual(from, to)) changes.push({ field, from, to });
  }
  return changes;
}

function normalise(value: unknown): unknown {
  // Servers report unset lists and strings as empty ones; treating them as absent avoids updates that change nothing.
  if (Array.isArray(value))
    return value.length === 0 ? undefined : [...(value as unknown[])].map(String).sort();
  if (value === '') return undefined;
  return value;
}
