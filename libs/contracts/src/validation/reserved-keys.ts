import { ValidationIssue } from './message-validation.error';

// class-transformer silently skips these keys (they would reach the prototype chain), so a body carrying
// them would lose data without a word; they are rejected instead, at any depth.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a decoded JSON value holds a reserved key anywhere; cheap, because almost none does. */
function hasReservedKeys(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasReservedKeys);
  for (const key in value) {
    if (RESERVED_KEYS.has(key) || hasReservedKeys((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Issues for every reserved key in a decoded JSON value. */
export function findReservedKeys(value: unknown, path = ''): ValidationIssue[] {
  if (path === '' && !hasReservedKeys(value)) return [];
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findReservedKeys(item, `${path}[${index}]`));
  }
  return Object.keys(value).flatMap((key) => {
    const keyPath = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key)) {
      return [
        { path: keyPath, constraint: 'reservedKey', message: `property ${key} is reserved and not allowed` },
      ];
    }
    return findReservedKeys((value as Record<string, unknown>)[key], keyPath);
  });
}
