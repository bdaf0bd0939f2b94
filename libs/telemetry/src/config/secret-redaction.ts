const SECRET_NAME_PARTS = ['PASSWORD', 'TOKEN', 'SECRET', 'SEED', 'KEY'] as const;

/** Variables whose value must never appear in logs or error messages. */
export function isSecretVariable(variable: string): boolean {
  const upper = variable.toUpperCase();
  return SECRET_NAME_PARTS.some((part) => upper.includes(part));
}

/** How a raw environment value is shown in an error message. */
export function showEnvValue(variable: string, raw: string | undefined): string {
  if (raw === undefined) return '<unset>';
  if (isSecretVariable(variable)) return '<redacted>';
  return JSON.stringify(raw);
}

/**
 * A server URL list for logs: the user-info part of each URL (`nats://user:password@host`) is replaced,
 * so a password given inside a URL never reaches a log line.
 */
export function redactUrlCredentials(urls: string): string {
  return urls.replace(
    /(^|,|\s)([a-z][a-z0-9+.-]*:\/\/)?[^\s,/@]*@/gi,
    (_match, lead: string, scheme = '') => `${lead}${scheme}<redacted>@`,
  );
}
