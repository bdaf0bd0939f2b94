import type { Participant } from '../subjects/participants';

/**
 * The six Warden services: each runs as its own NATS user, whatever its replica count. In the order they
 * start (`npm start`, the e2e stacks): each consumes what the ones before it publish.
 */
export const SERVICE_IDENTITIES = [
  'health-collector',
  'failure-detector',
  'recovery-coordinator',
  'load-balancer',
  'consensus-coordinator',
  'alert-manager',
] as const;
export type ServiceIdentity = (typeof SERVICE_IDENTITIES)[number];

/**
 * Every kind of NATS user Warden ships. `agent` is a process built on agent-sdk; `host` is a host
 * supervisor (agent-sdk's AgentHost, fleet-sim's hosts), which runs its agents over its own connection and
 * so also holds the agent permissions; `task-submitter` is an application that submits tasks;
 * `operator` is a person or tool that watches everything and asks the query and alert APIs.
 */
export const IDENTITY_KINDS = [...SERVICE_IDENTITIES, 'agent', 'host', 'task-submitter', 'operator'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export function isServiceIdentity(kind: IdentityKind): kind is ServiceIdentity {
  return (SERVICE_IDENTITIES as readonly string[]).includes(kind);
}

/** The catalogue participants an identity speaks for: their publisher and consumer rows become its permissions. */
export function participantsOf(kind: IdentityKind): readonly Participant[] {
  if (isServiceIdentity(kind)) return [kind, 'every-service'];
  switch (kind) {
    case 'agent':
      return ['agent-sdk'];
    case 'host':
      // AgentHost runs many agents over its one connection: the host's user does the agents' work too.
      return ['host-supervisor', 'agent-sdk'];
    case 'task-submitter':
      return ['task-submitter'];
    case 'operator':
      return ['operators'];
  }
}

/** The environment variable holding the identity's password, on the server and (as NATS_PASSWORD) its client. */
export function passwordVariableOf(kind: IdentityKind): string {
  return `${kind.toUpperCase().replace(/-/g, '_')}_PASSWORD`;
}

/**
 * The reply-inbox prefix of an identity's connections (nats.js `inboxPrefix`): each user may only
 * subscribe below its own prefix, so no identity can read the replies meant for another.
 */
export function inboxPrefixOf(user: string): string {
  return `_INBOX_${user}`;
}
