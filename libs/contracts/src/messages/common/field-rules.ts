// class-transformer's @Type reads design-time metadata through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ID_TOKEN_PATTERN } from '../../ids/id-token';

/**
 * Validation rules for the field kinds every message family shares, so "an id", "a timestamp" or "a ratio"
 * means the same thing in every class.
 */
type FieldRule = PropertyDecorator;

function combine(...rules: FieldRule[]): FieldRule {
  return (target, propertyKey) => rules.forEach((rule) => rule(target, propertyKey));
}

const ID_TOKEN_MESSAGE = 'must be 1-128 characters from [A-Za-z0-9_-]';

/** An id that may appear as a subject token (agentId, hostId, zone, taskType, service…). */
export function IsIdToken(): FieldRule {
  return combine(IsString(), Matches(ID_TOKEN_PATTERN, { message: `$property ${ID_TOKEN_MESSAGE}` }));
}

export function IsIdTokenArray(maxItems: number): FieldRule {
  return combine(
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Matches(ID_TOKEN_PATTERN, { each: true, message: `each item of $property ${ID_TOKEN_MESSAGE}` }),
  );
}

// RFC 3339 in UTC as Date.prototype.toISOString() writes it; one shape makes timestamps comparable as text.
const UTC_TIMESTAMP_PATTERN =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;

/** A point in time: an ISO-8601 / RFC 3339 UTC string ending in `Z`, e.g. `2026-01-31T12:00:00.000Z`. */
export function IsTimestamp(): FieldRule {
  return combine(
    IsString(),
    Matches(UTC_TIMESTAMP_PATTERN, {
      message: '$property must be an RFC 3339 UTC timestamp like 2026-01-31T12:00:00.000Z',
    }),
  );
}

/** A non-negative whole number: counters, sizes in bytes, durations in ms, sequence numbers. */
export function IsCount(): FieldRule {
  return combine(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));
}

/** A whole number from 1 up, e.g. attempts and incarnations. */
export function IsPositiveCount(): FieldRule {
  return combine(IsInt(), Min(1), Max(Number.MAX_SAFE_INTEGER));
}

/** A whole number within [min, max]. */
export function IsIntegerBetween(min: number, max: number): FieldRule {
  return combine(IsInt(), Min(min), Max(max));
}

/** A fraction in [0, 1] (ratios, confidences); never a percentage. */
export function IsRatio(): FieldRule {
  return combine(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(1));
}

/** A finite number ≥ 0 that is not necessarily whole (EWMA latencies, φ). */
export function IsNonNegativeNumber(): FieldRule {
  return combine(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0));
}

/** Any finite number (metric values, thresholds). */
export function IsFiniteNumber(): FieldRule {
  return IsNumber({ allowNaN: false, allowInfinity: false });
}

/** Free text bounded in length; `minLength` 1 unless the text may be empty. */
export function IsBoundedText(maxLength: number, minLength = 1): FieldRule {
  return combine(IsString(), MinLength(minLength), MaxLength(maxLength));
}

export function IsOneOf(values: readonly string[]): FieldRule {
  return combine(IsString(), IsIn(values, { message: `$property must be one of: ${values.join(', ')}` }));
}

export function IsArrayOfOneOf(values: readonly string[], maxItems: number): FieldRule {
  return combine(
    IsArray(),
    ArrayMaxSize(maxItems),
    IsIn(values, { each: true, message: `each item of $property must be one of: ${values.join(', ')}` }),
  );
}

// ValidateNested alone accepts an array where one object is expected (it validates each element), so
// nested fields also require a non-array object.
/** One nested object of class `cls`, validated with the same rules as a top-level message. */
export function IsNested(cls: () => new () => object): FieldRule {
  return combine(IsObject(), ValidateNested(), Type(cls));
}

export function IsNestedArray(cls: () => new () => object, maxItems: number, minItems = 0): FieldRule {
  return combine(
    IsArray(),
    ArrayMinSize(minItems),
    ArrayMaxSize(maxItems),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(cls),
  );
}
