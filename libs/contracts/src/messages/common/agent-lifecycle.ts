/** Where an agent process is in its life, as the agent itself reports it. */
export const AGENT_LIFECYCLES = ['starting', 'ready', 'draining', 'stopping', 'stopped'] as const;
export type AgentLifecycle = (typeof AGENT_LIFECYCLES)[number];
