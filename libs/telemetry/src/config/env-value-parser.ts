/**
 * Converts a raw environment string to the property's declared type (from `design:type` metadata).
 *
 * This is done here rather than by class-transformer's implicit conversion, because that conversion
 * turns "false" into `true` and " " into `0`: for configuration a silent wrong value is worse than a
 * startup error.
 */
export type ParsedEnvValue = { ok: true; value: unknown } | { ok: false; reason: string };

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function parseEnvValue(raw: string, declaredType: unknown): ParsedEnvValue {
  if (declaredType === Number) {
    const trimmed = raw.trim();
    return NUMBER_PATTERN.test(trimmed)
      ? { ok: true, value: Number(trimmed) }
      : { ok: false, reason: 'is not a number' };
  }
  if (declaredType === Boolean) {
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
    return { ok: false, reason: 'is not a boolean (use true/false, 1/0, yes/no or on/off)' };
  }
  return { ok: true, value: raw };
}
