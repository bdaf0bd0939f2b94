import { partitionOf } from '../partitions/heartbeat-partitions';
import { AgentRegistryKeys } from './agent-registry-keys';

describe('AgentRegistryKeys', () => {
  it('prefixes the key with the heartbeat partition and reads the agent id back', () => {
    const key = AgentRegistryKeys.of('agent-7');
    expect(key).toBe(`${partitionOf('agent-7')}.agent-7`);
    expect(AgentRegistryKeys.agentIdOf(key)).toBe('agent-7');
  });

  it('filters one partition', () => {
    expect(AgentRegistryKeys.ofPartition(12)).toBe('12.*');
  });
});
