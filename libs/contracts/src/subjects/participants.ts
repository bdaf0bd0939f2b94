/** Who publishes and who consumes subjects, as the catalogue and docs name them. */
export const PARTICIPANTS = [
  'agent-sdk',
  'host-supervisor',
  'task-submitter',
  'health-collector',
  'failure-detector',
  'recovery-coordinator',
  'load-balancer',
  'consensus-coordinator',
  'alert-manager',
  'every-service',
  'operators',
] as const;
export type Participant = (typeof PARTICIPANTS)[number];
