export interface ScenarioIssue {
  /** Where in the file: `fleet.capacity`, `faults[2].target`; empty for the whole file. */
  path: string;
  message: string;
}

/** A scenario file that cannot be run, with every problem found and where it is. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ScenarioIssue[],
  ) {
    super(
      `scenario ${file} is invalid:\n${issues.map((issue) => `  - ${issue.path || '(file)'}: ${issue.message}`).join('\n')}`,
    );
    this.name = 'ScenarioFileError';
  }
}
