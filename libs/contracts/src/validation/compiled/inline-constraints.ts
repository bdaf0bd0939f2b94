type Check = (value: unknown) => boolean;

/**
 * Inline versions of the most used class-validator constraints, keyed by constraint name and built
 * from the decorator's constraint values. Each does what class-validator 0.15's own function does
 * (the compiled-validator spec checks agreement on every message example and its mutations); a
 * constraint missing here is called through class-validator itself.
 */
export const INLINE_CONSTRAINTS: Readonly<
  Record<string, (constraints: readonly unknown[]) => Check | undefined>
> = {
  isString: () => (value) => typeof value === 'string' || value instanceof String,
  isBoolean: () => (value) => typeof value === 'boolean' || value instanceof Boolean,
  isInt: () => (value) => typeof value === 'number' && Number.isInteger(value),
  isArray: () => (value) => Array.isArray(value),
  min: ([min]) =>
    typeof min === 'number' ? (value) => typeof value === 'number' && value >= min : undefined,
  max: ([max]) =>
    typeof max === 'number' ? (value) => typeof value === 'number' && value <= max : undefined,
  arrayMaxSize: ([max]) =>
    typeof max === 'number' ? (value) => Array.isArray(value) && value.length <= max : undefined,
  isIn: ([allowed]) => {
    if (!Array.isArray(allowed)) return undefined;
    const set = new Set<unknown>(allowed);
    return (value) => set.has(value);
  },
  matches: ([pattern, modifiers]) => {
    if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky || modifiers !== undefined)
      return undefined;
    return (value) => typeof value === 'string' && pattern.test(value);
  },
  maxLength: ([max]) => {
    if (typeof max !== 'number') return undefined;
    // validator.js counts a surrogate pair or a variation selector as no extra length, so a string no
    // longer than `max` code units always passes; only longer ones need the exact count.
    return (value) => typeof value === 'string' && (value.length <= max || exactLength(value) <= max);
  },
  isNumber: ([options]) => {
    const {
      allowNaN = false,
      allowInfinity = false,
      maxDecimalPlaces,
    } = (options ?? {}) as {
      allowNaN?: boolean;
      allowInfinity?: boolean;
      maxDecimalPlaces?: number;
    };
    if (maxDecimalPlaces !== undefined) return undefined;
    return (value) => {
      if (typeof value !== 'number') return false;
      if (value === Infinity || value === -Infinity) return allowInfinity;
      if (Number.isNaN(value)) return allowNaN;
      return Number.isFinite(value);
    };
  },
};

function exactLength(value: string): number {
  const presentationSequences = value.match(/(\uFE0F|\uFE0E)/g)?.length ?? 0;
  const surrogatePairs = value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return value.length - presentationSequences - surrogatePairs;
}
