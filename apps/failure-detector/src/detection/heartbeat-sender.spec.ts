import { HEARTBEAT_PARTITIONS, partitionOf, Subjects } from '@warden/contracts';
import { heartbeatSender } from './heartbeat-sender';

describe('heartbeatSender', () => {
  it('names the agent of a well-formed heartbeat subject', () => {
    expect(heartbeatSender(Subjects.heartbeatOf('agent-7'))).toBe('agent-7');
  });

  it("names nobody for a subject whose partition is not the agent's, or a malformed subject", () => {
    const wrongPartition = (partitionOf('agent-7') + 1) % HEARTBEAT_PARTITIONS;
    expect(heartbeatSender(Subjects.heartbeat(wrongPartition, 'agent-7'))).toBeUndefined();
    expect(heartbeatSender('supervision.health.heartbeat.07.agent-7')).toBeUndefined();
    expect(heartbeatSender('supervision.health.heartbeat.1.agent 7')).toBeUndefined();
  });
});
