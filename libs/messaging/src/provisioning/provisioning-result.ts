export type ProvisionedKind = 'stream' | 'bucket' | 'consumer';

/** One setting whose server value differed from the declared one. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What an `ensure*` call did, so startup logs say exactly which setting moved. */
export interface ProvisioningResult {
  kind: ProvisionedKind;
  name: string;
  action: 'created' | 'updated' | 'unchanged';
  changes: FieldChange[];
}

/** A declared setting the server cannot change in place (e.g. storage type); needs an operator decision. */
export class ProvisioningConflictError extends Error {
  override readonly name = 'ProvisioningConflictError';

  constructor(
    readonly kind: ProvisionedKind,
    readonly resource: string,
    readonly conflicts: readonly FieldChange[],
  ) {
    super(
      `${kind} ${resource} exists with settings that cannot be updated in place: ` +
        conflicts
          .map(
            (change) =>
              `${change.field} is ${JSON.stringify(change.from)}, declared ${JSON.stringify(change.to)}`,
          )
          .join('; '),
    );
  }
}

/** The connected server lacks a feature the declaration needs. */
export class UnsupportedServerFeatureError extends Error {
  override readonly name = 'UnsupportedServerFeatureError';

  constructor(
    readonly feature: string,
    readonly serverVersion: string,
    readonly requiredVersion: string,
  ) {
    super(`${feature} needs nats-server ${requiredVersion} or later; connected server is ${serverVersion}`);
  }
}
