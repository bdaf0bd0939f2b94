import {
  getMetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { nestedTypeOf } from './class-transformer-types';
import { INLINE_CONSTRAINTS } from './inline-constraints';
import type { MessageClass } from '../../registry/message-class';

/**
 * A message class's class-validator rules, compiled once into plain checks.
 *
 * class-validator looks its metadata up, groups it and builds error objects on every call, and
 * class-transformer walks the class again to build the instance: together about 150 µs for a
 * heartbeat on this machine, which caps a collector far below its goal. The compiled form calls the
 * very same constraint functions (so `isString`, `matches`, `min`… mean exactly what they mean in
 * class-validator) but resolves the metadata once. It answers only valid/invalid: when a message is
 * invalid, the caller runs class-validator to get its detailed issues, so errors read the same either
 * way. A class using a rule this compiler does not know is not compiled, and takes the slow path.
 */
export interface CompiledValidator<T extends object> {
  /** True when class-validator (whitelist, forbidNonWhitelisted) would find no issue in `plain`. */
  isValid(plain: Record<string, unknown>): boolean;
  /** The instance of the class, nested classes included, built from an already valid `plain`. */
  instantiate(plain: Record<string, unknown>): T;
}

type ValueCheck = (value: unknown, object: Record<string, unknown>) => boolean;

interface PropertyPlan {
  name: string;
  /** Skip every other check when false (IsOptional, ValidateIf). */
  conditions: ((object: Record<string, unknown>, value: unknown) => boolean)[];
  checks: ValueCheck[];
  /** The class of a nested object (or of each item of a nested array). */
  nested?: { compiled: CompiledValidator<object>; each: boolean };
}

class UnsupportedRuleError extends Error {}

const compiledByClass = new WeakMap<MessageClass, CompiledValidator<object> | null>();

/** The compiled validator of `cls`, or undefined when some rule of it (or of a nested class) is unsupported. */
export function compiledValidatorOf<T extends object>(
  cls: MessageClass<T>,
): CompiledValidator<T> | undefined {
  if (!compiledByClass.has(cls)) {
    try {
      compiledByClass.set(cls, compile(cls as MessageClass, new Set()));
    } catch (error) {
      if (!(error instanceof UnsupportedRuleError)) throw error;
      compiledByClass.set(cls, null);
    }
  }
  return (compiledByClass.get(cls) ?? undefined) as CompiledValidator<T> | undefined;
}

function compile(cls: MessageClass, compiling: Set<MessageClass>): CompiledValidator<object> {
  if (compiling.has(cls)) throw new UnsupportedRuleError(`recursive class ${cls.name}`);
  compiling.add(cls);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false, undefined);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const plans = [...byProperty].map(([name, list]) => planProperty(cls, name, list, compiling));
  compiling.delete(cls);
  const known = new Set(plans.map((plan) => plan.name));

  return {
    isValid(plain) {
      for (const key in plain) if (!known.has(key)) return false;
      for (const plan of plans) {
        const value = plain[plan.name];
        if (plan.conditions.some((condition) => !condition(plain, value))) continue;
        for (const check of plan.checks) if (!check(value, plain)) return false;
        if (plan.nested && !nestedValid(plan.nested, value)) return false;
      }
      return true;
    },
    instantiate(plain) {
      const instance = new cls() as Record<string, unknown>;
      for (const key in plain) instance[key] = plain[key];
      for (const plan of plans) {
        const value = plain[plan.name];
        if (!plan.nested || value === undefined || value === null) continue;
        const { compiled, each } = plan.nested;
        instance[plan.name] = each
          ? (value as Record<string, unknown>[]).map((item) => compiled.instantiate(item))
          : compiled.instantiate(value as Record<string, unknown>);
      }
      return instance;
    },
  };
}

function nestedValid(nested: NonNullable<PropertyPlan['nested']>, value: unknown): boolean {
  const isRecord = (item: unknown): item is Record<string, unknown> =>
    typeof item === 'object' && item !== null && !Array.isArray(item);
  if (nested.each) {
    return Array.isArray(value) && value.every((item) => isRecord(item) && nested.compiled.isValid(item));
  }
  return isRecord(value) && nested.compiled.isValid(value);
}

function planProperty(
  cls: MessageClass,
  name: string,
  metadatas: ValidationMetadata[],
  compiling: Set<MessageClass>,
): PropertyPlan {
  const plan: PropertyPlan = { name, conditions: [], checks: [] };
  for (const metadata of metadatas) {
    if (metadata.validateIf) plan.conditions.push(metadata.validateIf);
    switch (metadata.type) {
      case 'conditionalValidation':
        plan.conditions.push(
          metadata.constraints[0] as (object: Record<string, unknown>, value: unknown) => boolean,
        );
        break;
      case 'customValidation':
        plan.checks.push(constraintCheck(cls, name, metadata));
        break;
      case 'nestedValidation':
        plan.nested = { compiled: compile(nestedClassOf(cls, name), compiling), each: metadata.each };
        break;
      case 'whitelistValidation':
        break;
      case 'isDefined':
        plan.checks.push((value) => value !== undefined && value !== null);
        break;
      default:
        throw new UnsupportedRuleError(`${cls.name}.${name}: ${metadata.type}`);
    }
  }
  return plan;
}

function constraintCheck(cls: MessageClass, property: string, metadata: ValidationMetadata): ValueCheck {
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (!constraint || constraint.async)
    throw new UnsupportedRuleError(`${cls.name}.${property}: async or unknown`);
  const instance = new (metadata.constraintCls as new () => ValidatorConstraintInterface)();
  const inline = INLINE_CONSTRAINTS[constraint.name]?.(metadata.constraints);
  const check: ValueCheck =
    inline ??
    ((value, object) => {
      const args: ValidationArguments = {
        value,
        constraints: metadata.constraints,
        targetName: cls.name,
        object,
        property,
      };
      return instance.validate(value, args) === true;
    });
  if (!metadata.each) return check;
  return (value, object) => {
    if (Array.isArray(value)) return value.every((item) => check(item, object));
    if (value instanceof Set || value instanceof Map)
      return [...value.values()].every((item) => check(item, object));
    return check(value, object);
  };
}

function nestedClassOf(cls: MessageClass, property: string): MessageClass {
  const nested = nestedTypeOf(cls, property) as MessageClass | undefined;
  if (!nested) throw new UnsupportedRuleError(`${cls.name}.${property}: @ValidateNested without @Type`);
  return nested;
}
