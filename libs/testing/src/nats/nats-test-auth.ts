import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The committed, generated accounts of Warden (`npm run generate:nats-auth`), from src/ or dist/ alike. */
export const GENERATED_ACCOUNTS_CONF = resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'k8s',
  'nats',
  'accounts.generated.conf',
);

/** What a client of one identity connects with. */
export interface NatsTestCredentials {
  readonly user: string;
  readonly password: string;
  /** The reply-inbox prefix the identity's permissions allow (nats.js `inboxPrefix`). */
  readonly inboxPrefix: string;
}

interface GeneratedUserEntry {
  readonly user: string;
  readonly passwordVariable: string;
  readonly inboxPrefix: string;
}

export class UnknownNatsIdentityError extends Error {
  override readonly name = 'UnknownNatsIdentityError';
  constructor(identity: string, known: readonly string[]) {
    super(`no NATS user "${identity}" in ${GENERATED_ACCOUNTS_CONF} (known: ${known.join(', ')})`);
  }
}

/**
 * Reads the users from the generated server configuration itself, so tests run with exactly the
 * identities and permissions that are committed (no second list to keep in step).
 */
function generatedUsers(configPath: string): GeneratedUserEntry[] {
  const text = readFileSync(configPath, 'utf8');
  const users: GeneratedUserEntry[] = [];
  const pattern = /user: "([^"]+)"\s+password: \$([A-Z0-9_]+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [, user, passwordVariable] = match;
    const inbox = new RegExp(`"(_INBOX[^".]*)\\.>"`).exec(
      text.slice(match.index, text.indexOf('\n      }', match.index)),
    );
    users.push({ user, passwordVariable, inboxPrefix: inbox?.[1] ?? '_INBOX' });
  }
  return users;
}

/**
 * TEST-ONLY credentials for a nats-server started with the generated accounts: a fresh random password
 * per identity and per run, never written to disk; the server reads them from its environment as the
 * `$<IDENTITY>_PASSWORD` variables the configuration names.
 */
export class NatsTestAuth {
  private constructor(
    readonly configPath: string,
    private readonly users: ReadonlyMap<string, GeneratedUserEntry & { password: string }>,
  ) {}

  static generate(configPath: string = GENERATED_ACCOUNTS_CONF): NatsTestAuth {
    const users = new Map(
      generatedUsers(configPath).map((entry) => [
        entry.user,
        { ...entry, password: `test-only-${randomBytes(12).toString('hex')}` },
      ]),
    );
    return new NatsTestAuth(configPath, users);
  }

  /** The identities the configuration defines. */
  get identities(): string[] {
    return [...this.users.keys()];
  }

  credentials(identity: string): NatsTestCredentials {
    const entry = this.users.get(identity);
    if (!entry) throw new UnknownNatsIdentityError(identity, this.identities);
    return { user: entry.user, password: entry.password, inboxPrefix: entry.inboxPrefix };
  }

  /** The variables a service process of this identity reads (libs/messaging's NatsConnectionConfig). */
  clientEnv(identity: string): Record<string, string> {
    const { user, password } = this.credentials(identity);
    return { NATS_USER: user, NATS_PASSWORD: password };
  }

  /** nats.js connection options for this identity. */
  connectOptions(identity: string): { user: string; pass: string; inboxPrefix: string } {
    const { user, password, inboxPrefix } = this.credentials(identity);
    return { user, pass: password, inboxPrefix };
  }

  /**
   * fleet-sim's per-role credential variables (FLEET_SIM_<ROLE>_NATS_USER/_PASSWORD): its hosts as
   * `host`, campaigning agents as `agent`, routed load as `task-submitter`, `--assert` queries as `operator`.
   */
  fleetSimEnv(): Record<string, string> {
    const identityOfRole = {
      HOST: 'host',
      AGENT: 'agent',
      SUBMITTER: 'task-submitter',
      OBSERVER: 'operator',
    };
    return Object.fromEntries(
      Object.entries(identityOfRole).flatMap(([role, identity]) => {
        const { user, password } = this.credentials(identity);
        return [
          [`FLEET_SIM_${role}_NATS_USER`, user],
          [`FLEET_SIM_${role}_NATS_PASSWORD`, password],
        ];
      }),
    );
  }

  /** The password variables for the nats-server process. */
  serverEnv(): Record<string, string> {
    return Object.fromEntries([...this.users.values()].map((u) => [u.passwordVariable, u.password]));
  }
}
