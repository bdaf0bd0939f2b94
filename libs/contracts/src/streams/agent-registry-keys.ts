import { partitionOf } from '../partitions/heartbeat-partitions';

/**
 * Keys of the `agents` bucket start with the agent's heartbeat partition, so a service that takes a
 * partition over (health collector, failure detector) loads exactly its agents with one key filter.
 */
export const AgentRegistryKeys = {
  of: (agentId: string): string => `${partitionOf(agentId)}.${agentId}`,
  ofPartition: (partition: number): string => `${partition}.*`,
  agentIdOf: (key: string): string => key.slice(key.indexOf('.') + 1),
} as const;
