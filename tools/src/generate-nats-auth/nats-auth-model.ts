import {
  ADVISORY_SUBJECTS,
  IDENTITY_KINDS,
  SYSTEM_ACCOUNT,
  WARDEN_ACCOUNT,
  natsPermissionsOf,
  passwordVariableOf,
  type IdentityKind,
  type NatsPermissions,
} from '@warden/contracts';

/** One NATS user of the WARDEN account, as both generated files describe it. */
export interface GeneratedUser {
  readonly kind: IdentityKind;
  readonly user: string;
  readonly passwordVariable: string;
  /** The Kubernetes Secret (key `password`) the server's container reads the password from. */
  readonly secretName: string;
  readonly permissions: NatsPermissions;
}

export interface GeneratedAccounts {
  readonly users: readonly GeneratedUser[];
  /** Advisory subjects the system account exports and WARDEN imports (same subject on both sides). */
  readonly advisories: readonly string[];
  readonly wardenAccount: string;
  readonly systemAccount: string;
}

/** Everything the generated files say, computed from the contracts' access catalogue. */
export function generatedAccounts(): GeneratedAccounts {
  return {
    users: IDENTITY_KINDS.map((kind) => ({
      kind,
      user: kind,
      passwordVariable: passwordVariableOf(kind),
      secretName: `nats-user-${kind}`,
      permissions: natsPermissionsOf(kind),
    })),
    advisories: ADVISORY_SUBJECTS,
    wardenAccount: WARDEN_ACCOUNT,
    systemAccount: SYSTEM_ACCOUNT,
  };
}

export function headerLines(): string[] {
  return [
    'GENERATED FILE - DO NOT EDIT.',
    'Written by `npm run generate:nats-auth` (tools/src/generate-nats-auth) from the access catalogue',
    'and subject catalogue in libs/contracts; a unit test fails when it differs from what the generator writes.',
  ];
}
