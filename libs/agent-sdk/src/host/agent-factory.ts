import type { AgentHandle } from '../agent/agent-handle';
import type { AgentSpec } from '../agent/agent-options';
import type { TaskHandler } from '../tasks/task-handler';

/** How to build one agent: everything but its id and host, plus its task handler. */
export interface AgentDefinition {
  spec: Omit<AgentSpec, 'id' | 'hostId'>;
  handler: TaskHandler;
  /** Called with every new incarnation once it runs (to watch its events, apply simulated figures…). */
  onStarted?: (agent: AgentHandle) => void;
}

/**
 * Registered by the program that embeds the host: the host calls it to start an agent, to restart one in
 * a new incarnation, and to start a replacement it did not run before. Undefined: not buildable here.
 */
export type AgentFactory = (agentId: string) => AgentDefinition | undefined;
