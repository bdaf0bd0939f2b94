import { ValidationError } from 'class-validator';
import { ValidationIssue } from './message-validation.error';

function childPath(parentPath: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${parentPath}[${property}]`;
  }
  return parentPath ? `${parentPath}.${property}` : property;
}

/** Flattens class-validator's error tree into one issue per failed constraint, with a readable path. */
export function toValidationIssues(errors: ValidationError[], parentPath = ''): ValidationIssue[] {
  return errors.flatMap((error) => {
    const path = childPath(parentPath, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      path,
      constraint,
      message,
    }));
    return [...own, ...toValidationIssues(error.children ?? [], path)];
  });
}
