import { NatsConnectionConfig } from '@warden/messaging';
import { loadConfig, type Environment } from '@warden/telemetry';

/**
 * The NATS identities fleet-sim speaks as: its hosts (AgentHost, which run the agents over their
 * connection), agents outside a host (zone campaigns), the routed-load task submitter, and the
 * observer that asks the health queries for `--assert`.
 */
export const FLEET_SIM_ROLES = ['host', 'agent', 'submitter', 'observer'] as const;
export type FleetSimRole = (typeof FLEET_SIM_ROLES)[number];

/** `FLEET_SIM_HOST_NATS_USER`, `FLEET_SIM_HOST_NATS_PASSWORD`…: a role's own credentials. */
export function roleVariable(role: FleetSimRole, variable: 'NATS_USER' | 'NATS_PASSWORD'): string {
  return `FLEET_SIM_${role.toUpperCase()}_${variable}`;
}

/**
 * Each role's connection settings: libs/messaging's NatsConnectionConfig read from the environment
 * (NATS_USER, NATS_PASSWORD, NATS_TOKEN, NATS_CREDS_FILE, TLS files…), with the server list from
 * the command line and the role's own user and password where they are set.
 *
 * @throws ConfigurationError naming the invalid variable (secret values redacted).
 */
export function connectionConfigs(
  natsUrl: string,
  env: Environment = process.env,
): Record<FleetSimRole, NatsConnectionConfig> {
  const configOf = (role: FleetSimRole): NatsConnectionConfig => {
    const user = env[roleVariable(role, 'NATS_USER')];
    const password = env[roleVariable(role, 'NATS_PASSWORD')];
    return loadConfig(NatsConnectionConfig, {
      ...env,
      NATS_URL: natsUrl,
      ...(user !== undefined ? { NATS_USER: user, NATS_PASSWORD: password } : {}),
    });
  };
  return Object.fromEntries(FLEET_SIM_ROLES.map((role) => [role, configOf(role)])) as Record<
    FleetSimRole,
    NatsConnectionConfig
  >;
}
