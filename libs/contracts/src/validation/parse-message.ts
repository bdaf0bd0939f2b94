import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compiledValidatorOf } from './compiled/compiled-validator';
import { MessageClass } from '../registry/message-class';
import { messageTypeOf } from '../registry/message-type.registry';
import { MessageValidationError } from './message-validation.error';
import { findReservedKeys } from './reserved-keys';
import { toValidationIssues } from './validation-issues';

// Unknown fields are errors, not silently dropped: a producer sending a field the consumer does not know
// is either on a newer version (which must use a new type) or buggy; both should be visible.
const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns decoded JSON into a validated instance of `cls` (nested objects become their classes too).
 * Throws MessageValidationError listing every issue; never returns a partially valid object.
 */
export function parseMessage<T extends object>(cls: MessageClass<T>, plain: unknown): T {
  const messageType = messageTypeOf(cls);
  if (!isPlainRecord(plain)) {
    throw new MessageValidationError(messageType, [
      { path: '', constraint: 'isObject', message: 'the message body must be a JSON object' },
    ]);
  }
  const reservedKeyIssues = findReservedKeys(plain);
  if (reservedKeyIssues.length > 0) {
    throw new MessageValidationError(messageType, reservedKeyIssues);
  }
  // Fast path: the compiled rules answer valid/invalid in a few µs; class-validator runs only to
  // explain an invalid message (or for a class the compiler does not support).
  const compiled = compiledValidatorOf(cls);
  if (compiled?.isValid(plain)) return compiled.instantiate(plain);
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) {
    throw new MessageValidationError(messageType, toValidationIssues(errors));
  }
  return instance;
}

/**
 * Builds a message from its fields and validates it, so a producer finds a bad value where it made it,
 * not in a consumer's dead-letter queue.
 */
export function createMessage<T extends object>(cls: MessageClass<T>, props: Omit<T, never>): T {
  return parseMessage(cls, props);
}
