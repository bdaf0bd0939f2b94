/** One environment variable that failed validation, with its (possibly redacted) value and the reasons. */
export interface ConfigurationIssue {
  readonly variable: string;
  /** The raw value as printed in messages: quoted, `<unset>`, or `<redacted>` for secrets. */
  readonly shownValue: string;
  readonly reasons: readonly string[];
}

/** Thrown by loadConfig when environment variables are missing or invalid; the message names every one. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(
    readonly configClassName: string,
    readonly issues: readonly ConfigurationIssue[],
  ) {
    super(`Invalid configuration (${configClassName}): ${issues.map(describeIssue).join('; ')}`);
  }

  get variables(): string[] {
    return this.issues.map((issue) => issue.variable);
  }
}

function describeIssue(issue: ConfigurationIssue): string {
  return `${issue.variable}=${issue.shownValue} (${issue.reasons.join(', ')})`;
}
