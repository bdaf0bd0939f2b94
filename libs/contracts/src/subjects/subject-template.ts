import { InvalidSubjectTokenError } from '../ids/invalid-subject-token.error';
import { SubjectMismatchError, SubjectPatternError } from './subject-mismatch.error';
import { SubjectTokenCodec } from './subject-token';

export type TokenCodecs = Record<string, SubjectTokenCodec<unknown>>;
export type TokenValues<C extends TokenCodecs> = {
  [K in keyof C]: C[K] extends SubjectTokenCodec<infer V> ? V : never;
};

interface FixedPosition {
  readonly fixed: string;
}
interface VariablePosition {
  readonly variable: string;
}
type Position = FixedPosition | VariablePosition;

const FIXED_TOKEN_PATTERN = /^[a-z][a-z0-9-]*$/;
const VARIABLE_TOKEN_PATTERN = /^\{([A-Za-z][A-Za-z0-9]*)\}$/;

function parsePattern(pattern: string): Position[] {
  return pattern.split('.').map((token) => {
    const variable = VARIABLE_TOKEN_PATTERN.exec(token);
    if (variable) {
      return { variable: variable[1] };
    }
    if (!FIXED_TOKEN_PATTERN.test(token)) {
      throw new SubjectPatternError(
        pattern,
        `token ${JSON.stringify(token)} is neither lower-case nor {name}`,
      );
    }
    return { fixed: token };
  });
}

function isVariable(position: Position): position is VariablePosition {
  return 'variable' in position;
}

/**
 * One subject shape, e.g. `supervision.failures.{severity}.{agentId}`: builds subjects from typed tokens
 * (validating each), parses subjects back, and gives the wildcard that subscribes to all of them.
 */
export class SubjectTemplate<C extends TokenCodecs> {
  private readonly positions: readonly Position[];
  /** Every variable replaced by `*`. */
  readonly wildcard: string;

  constructor(
    readonly pattern: string,
    readonly codecs: C,
  ) {
    this.positions = parsePattern(pattern);
    const variables = this.positions.filter(isVariable).map((position) => position.variable);
    const declared = Object.keys(codecs);
    if (new Set(variables).size !== variables.length) {
      throw new SubjectPatternError(pattern, 'a token name appears twice');
    }
    if (variables.length !== declared.length || variables.some((name) => !(name in codecs))) {
      throw new SubjectPatternError(
        pattern,
        `tokens {${variables.join(', ')}} differ from codecs {${declared.join(', ')}}`,
      );
    }
    this.wildcard = this.positions.map((position) => (isVariable(position) ? '*' : position.fixed)).join('.');
  }

  get tokenNames(): string[] {
    return this.positions.filter(isVariable).map((position) => position.variable);
  }

  build(values: TokenValues<C>): string {
    return this.positions
      .map((position) => {
        if (!isVariable(position)) {
          return position.fixed;
        }
        const codec = this.codecs[position.variable] as SubjectTokenCodec<unknown>;
        return codec.format(values[position.variable], position.variable);
      })
      .join('.');
  }

  /** Like `build`, but any token left out becomes `*`: a subscription filter over the given tokens. */
  filter(values: Partial<TokenValues<C>>): string {
    return this.positions
      .map((position) => {
        if (!isVariable(position)) {
          return position.fixed;
        }
        const value = values[position.variable];
        if (value === undefined) {
          return '*';
        }
        const codec = this.codecs[position.variable] as SubjectTokenCodec<unknown>;
        return codec.format(value, position.variable);
      })
      .join('.');
  }

  parse(subject: string): TokenValues<C> {
    const tokens = subject.split('.');
    if (tokens.length !== this.positions.length) {
      throw new SubjectMismatchError(
        this.pattern,
        subject,
        `expected ${this.positions.length} tokens, got ${tokens.length}`,
      );
    }
    const values: Record<string, unknown> = {};
    this.positions.forEach((position, index) => {
      const token = tokens[index];
      if (!isVariable(position)) {
        if (token !== position.fixed) {
          throw new SubjectMismatchError(
            this.pattern,
            subject,
            `token ${index} is ${JSON.stringify(token)}, expected ${position.fixed}`,
          );
        }
        return;
      }
      const codec = this.codecs[position.variable] as SubjectTokenCodec<unknown>;
      try {
        values[position.variable] = codec.parse(token, position.variable);
      } catch (error) {
        const reason = error instanceof InvalidSubjectTokenError ? error.message : String(error);
        throw new SubjectMismatchError(this.pattern, subject, reason);
      }
    });
    return values as TokenValues<C>;
  }

  matches(subject: string): boolean {
    try {
      this.parse(subject);
      return true;
    } catch {
      return false;
    }
  }
}
