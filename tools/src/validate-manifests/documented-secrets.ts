import { WARDEN_SERVICES } from '../start/service-catalogue';

/** The NATS identities besides the six services (libs/contracts access catalogue). */
const OTHER_IDENTITIES = ['agent', 'host', 'task-submitter', 'operator'] as const;

/**
 * The Secrets the operator creates before installing (k8s/README.md, "Secrets"), one per NATS identity
 * with a `password` key: each Warden service, agents, hosts, task submitters and operators. Pods may
 * reference these although no manifest renders them; documented-secrets.spec.ts keeps this list and
 * the README in step.
 */
export const DOCUMENTED_SECRETS: readonly string[] = [...WARDEN_SERVICES, ...OTHER_IDENTITIES].map(
  (identity) => `nats-user-${identity}`,
);
