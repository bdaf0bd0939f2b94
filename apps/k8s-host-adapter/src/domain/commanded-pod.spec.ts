import type { AgentPod } from './agent-pod';
import { commandedPod } from './commanded-pod';

const started = Date.parse('2026-01-01T00:00:02Z');

function pod(overrides: Partial<AgentPod> = {}): AgentPod {
  return { name: 'agent-a1-x', uid: 'u1', agentStartedAtMs: started, terminating: false, ...overrides };
}

describe('commandedPod', () => {
  it('takes the one live pod whose agent container started no later than the incarnation', () => {
    expect(commandedPod([pod()], 'a1', started + 1200, 2000)).toEqual({ pod: pod() });
  });

  it('allows the configured clock skew between the agent and the kubelet', () => {
    expect(commandedPod([pod()], 'a1', started - 1500, 2000)).toEqual({ pod: pod() });
    expect(commandedPod([pod()], 'a1', started - 2500, 2000)).toEqual({
      refusal: expect.stringContaining('incarnation 1767225599500 is not the current one'),
    });
  });

  it('refuses when the agent has no pod, only a terminating one, or several live ones', () => {
    expect(commandedPod([], 'a1', started, 0)).toEqual({ refusal: 'agent a1 has no pod here' });
    expect(commandedPod([pod({ terminating: true })], 'a1', started, 0)).toEqual({
      refusal: "agent a1's pod agent-a1-x is already terminating",
    });
    expect(commandedPod([pod(), pod({ name: 'agent-a1-y' })], 'a1', started, 0)).toEqual({
      refusal: 'agent a1 has 2 live pods (agent-a1-x, agent-a1-y); expected one',
    });
  });

  it('ignores a terminating pod beside the live one', () => {
    const live = pod({ name: 'agent-a1-new' });
    expect(commandedPod([pod({ terminating: true }), live], 'a1', started, 0)).toEqual({ pod: live });
  });

  it('refuses a pod whose agent container never started', () => {
    expect(commandedPod([pod({ agentStartedAtMs: undefined })], 'a1', started, 0)).toEqual({
      refusal: 'pod agent-a1-x of agent a1 has not started its agent container',
    });
  });
});
