import { isIdToken } from '../ids/id-token';
import { InvalidSubjectTokenError } from '../ids/invalid-subject-token.error';
import { HEARTBEAT_PARTITIONS, assertPartition } from '../partitions/heartbeat-partitions';

/** How one variable position of a subject is written, read and explained. */
export interface SubjectTokenCodec<T> {
  readonly meaning: string;
  /** The closed set of values, when there is one (shown in the docs, used by permission generators). */
  readonly values?: readonly string[];
  format(value: T, tokenName: string): string;
  parse(token: string, tokenName: string): T;
}

export function idTokenCodec(meaning: string): SubjectTokenCodec<string> {
  const check = (value: string, tokenName: string): string => {
    if (!isIdToken(value)) {
      throw new InvalidSubjectTokenError(tokenName, value, '1-128 characters from [A-Za-z0-9_-]');
    }
    return value;
  };
  return { meaning, format: check, parse: check };
}

export function enumTokenCodec<T extends string>(
  values: readonly T[],
  meaning: string,
): SubjectTokenCodec<T> {
  const check = (value: string, tokenName: string): T => {
    const found = values.find((candidate) => candidate === value);
    if (found === undefined) {
      throw new InvalidSubjectTokenError(tokenName, value, `one of ${values.join(', ')}`);
    }
    return found;
  };
  return { meaning, values, format: check, parse: check };
}

// Decimal without leading zeros, so each partition has exactly one spelling.
const PARTITION_TOKEN_PATTERN = /^(0|[1-9][0-9]{0,5})$/;

export const partitionTokenCodec: SubjectTokenCodec<number> = {
  meaning: `heartbeat partition, partitionOf(agentId): FNV-1a 32 of the agent id mod ${HEARTBEAT_PARTITIONS}`,
  format: (value, tokenName) => {
    try {
      return String(assertPartition(value));
    } catch {
      throw new InvalidSubjectTokenError(tokenName, value, `an integer in [0, ${HEARTBEAT_PARTITIONS - 1}]`);
    }
  },
  parse: (token, tokenName) => {
    if (!PARTITION_TOKEN_PATTERN.test(token) || Number(token) >= HEARTBEAT_PARTITIONS) {
      throw new InvalidSubjectTokenError(tokenName, token, `an integer in [0, ${HEARTBEAT_PARTITIONS - 1}]`);
    }
    return Number(token);
  },
};
