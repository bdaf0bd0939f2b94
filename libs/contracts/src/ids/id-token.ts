import { InvalidSubjectTokenError } from './invalid-subject-token.error';

/**
 * Every id that can appear in a subject (agent, host, zone, task type, service…). No dots, spaces or
 * wildcards, so an id is always exactly one subject token and can never widen a subscription.
 */
export const ID_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export const ID_TOKEN_MAX_LENGTH = 128;

export function isIdToken(value: unknown): value is string {
  return typeof value === 'string' && ID_TOKEN_PATTERN.test(value);
}

/** Returns the value when it is a valid id token; `kind` names it in the error ("agentId", "hostId"…). */
export function assertIdToken(kind: string, value: string): string {
  if (!isIdToken(value)) {
    throw new InvalidSubjectTokenError(kind, value, `1-128 characters from [A-Za-z0-9_-]`);
  }
  return value;
}
