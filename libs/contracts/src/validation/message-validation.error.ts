/** One reason a message was rejected: where (`capabilities[2]`), which rule (`maxLength`), and why. */
export interface ValidationIssue {
  path: string;
  constraint: string;
  message: string;
}

export class MessageValidationError extends Error {
  constructor(
    readonly messageType: string,
    readonly issues: ValidationIssue[],
  ) {
    super(
      `Invalid ${messageType}: ${issues.map((issue) => `${issue.path || '<root>'}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'MessageValidationError';
  }
}
