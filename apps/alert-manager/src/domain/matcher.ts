import type { Labels } from './labels';

export const MATCH_OPERATORS = ['=', '!=', '=~', '!~'] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

/** A matcher string or object that cannot be used; `reason` says why. */
export class InvalidMatcherError extends Error {
  constructor(
    readonly matcher: string,
    readonly reason: string,
  ) {
    super(`invalid matcher ${JSON.stringify(matcher)}: ${reason}`);
    this.name = 'InvalidMatcherError';
  }
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MATCHER_SYNTAX = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/**
 * One label matcher with Alertmanager's semantics: a missing label matches as the empty string, and a
 * regex is anchored at both ends (`zone=~"eu-.*"` does not match `xeu-1`).
 */
export class Matcher {
  private readonly regex?: RegExp;

  constructor(
    readonly name: string,
    readonly operator: MatchOperator,
    readonly value: string,
  ) {
    if (!LABEL_NAME.test(name))
      throw new InvalidMatcherError(this.toString(), 'label name must match [A-Za-z_][A-Za-z0-9_]*');
    if (operator === '=~' || operator === '!~') {
      try {
        this.regex = new RegExp(`^(?:${value})$`);
      } catch (error) {
        throw new InvalidMatcherError(this.toString(), `bad regular expression: ${(error as Error).message}`);
      }
    }
  }

  /** `name="value"`, `name!=value`, `name=~"a|b"`, `name!~'x'` (quotes optional, as amtool accepts). */
  static parse(text: string): Matcher {
    const match = MATCHER_SYNTAX.exec(text);
    if (!match) throw new InvalidMatcherError(text, 'expected <label><op><value> with op one of = != =~ !~');
    const [, name, operator, rawValue] = match;
    return new Matcher(name, operator as MatchOperator, unquote(text, rawValue));
  }

  /** The v2 API's object form. */
  static of(spec: { name: string; value: string; isRegex: boolean; isEqual?: boolean }): Matcher {
    const equal = spec.isEqual ?? true;
    const operator: MatchOperator = spec.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=';
    return new Matcher(spec.name, operator, spec.value);
  }

  get isRegex(): boolean {
    return this.operator === '=~' || this.operator === '!~';
  }

  get isEqual(): boolean {
    return this.operator === '=' || this.operator === '=~';
  }

  matches(labels: Labels): boolean {
    const actual = labels[this.name] ?? '';
    switch (this.operator) {
      case '=':
        return actual === this.value;
      case '!=':
        return actual !== this.value;
      case '=~':
        return (this.regex as RegExp).test(actual);
      case '!~':
        return !(this.regex as RegExp).test(actual);
    }
  }

  toString(): string {
    return `${this.name}${this.operator}${JSON.stringify(this.value)}`;
  }
}

export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((matcher) => matcher.matches(labels));
}

function unquote(text: string, raw: string): string {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) {
    const quote = raw[0];
    const body = raw.slice(1, -1);
    if (quote === '"') {
      try {
        return JSON.parse(raw) as string;
      } catch {
        throw new InvalidMatcherError(text, 'bad escape in quoted value');
      }
    }
    return body;
  }
  if (/["']/.test(raw)) throw new InvalidMatcherError(text, 'a value with quotes must be one quoted string');
  return raw;
}
