import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ConfigurationError, type ConfigurationIssue } from './configuration-error';
import { parseEnvValue } from './env-value-parser';
import { showEnvValue } from './secret-redaction';

export type ConfigClass<T extends object> = new () => T;
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Builds a validated instance of `configClass` from environment variables.
 *
 * Each decorated property of the class is one variable of the same name; property initialisers are
 * the defaults. An empty value counts as unset, because orchestrators commonly render an absent
 * optional variable as `NAME=`. Properties must declare their type (`HTTP_PORT: number = 8080`) so
 * numbers and booleans are converted.
 *
 * @throws ConfigurationError naming every missing or invalid variable (secret values redacted).
 */
export function loadConfig<T extends object>(configClass: ConfigClass<T>, env: Environment = process.env): T {
  const plain: Record<string, unknown> = {};
  const parseFailures = new Map<string, string>();

  for (const variable of configVariableNames(configClass)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const parsed = parseEnvValue(raw, Reflect.getMetadata('design:type', configClass.prototype, variable));
    if (parsed.ok) plain[variable] = parsed.value;
    else parseFailures.set(variable, parsed.reason);
  }

  const config = plainToInstance(configClass, plain);
  const validationErrors = validateSync(config, { forbidUnknownValues: true });
  const issues = collectIssues(parseFailures, validationErrors, env);
  if (issues.length > 0) throw new ConfigurationError(configClass.name, issues);
  return config;
}

/** Variable names are the class's validated properties plus any property that has a default. */
function configVariableNames(configClass: ConfigClass<object>): Set<string> {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(configClass, '', true, false)
    .map((metadata) => metadata.propertyName);
  return new Set([...validated, ...Object.keys(new configClass())]);
}

function collectIssues(
  parseFailures: ReadonlyMap<string, string>,
  validationErrors: readonly ValidationError[],
  env: Environment,
): ConfigurationIssue[] {
  const reasonsByVariable = new Map<string, string[]>();
  const addReason = (variable: string, reason: string): void => {
    const reasons = reasonsByVariable.get(variable) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    reasonsByVariable.set(variable, reasons);
  };

  for (const [variable, reason] of parseFailures) addReason(variable, reason);
  for (const error of validationErrors) {
    // A value that could not be parsed was never assigned, so the validator saw the default or nothing;
    // its complaint would describe that, not the bad input.
    if (parseFailures.has(error.property)) continue;
    for (const message of Object.values(error.constraints ?? {}))
      addReason(error.property, withoutSubject(message, error.property));
  }

  return [...reasonsByVariable].map(([variable, reasons]) => ({
    variable,
    shownValue: showEnvValue(variable, env[variable]),
    reasons,
  }));
}

/** class-validator messages start with the property name, which the issue already names. */
function withoutSubject(message: string, variable: string): string {
  return message.startsWith(`${variable} `) ? message.slice(variable.length + 1) : message;
}
