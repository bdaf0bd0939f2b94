/** Two modules registered a readiness check under one name; the second would hide the first. */
export class DuplicateReadinessCheckError extends Error {
  override readonly name = 'DuplicateReadinessCheckError';

  constructor(readonly checkName: string) {
    super(`A readiness check named "${checkName}" is already registered`);
  }
}
