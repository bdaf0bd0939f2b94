import type { AgentPod } from './agent-pod';
import { scaleDownPlan } from './scale-down-plan';

function pod(name: string): AgentPod {
  return { name, uid: 'u', terminating: false, agentStartedAtMs: 1 };
}

describe('scaleDownPlan', () => {
  it('lowers a Deployment or ReplicaSet by one, marking the pod first so it is the one removed', () => {
    expect(scaleDownPlan(pod('web-abc'), { kind: 'Deployment', name: 'web', replicas: 3 })).toEqual({
      kind: 'scale',
      workload: { kind: 'Deployment', name: 'web', replicas: 3 },
      replicas: 2,
      markPodFirst: true,
    });
    expect(scaleDownPlan(pod('rs-abc'), { kind: 'ReplicaSet', name: 'rs', replicas: 1 })).toMatchObject({
      kind: 'scale',
      replicas: 0,
      markPodFirst: true,
    });
  });

  it('lowers a StatefulSet only for its highest ordinal, which is the pod it removes', () => {
    const set = { kind: 'StatefulSet' as const, name: 'agents', replicas: 3 };
    expect(scaleDownPlan(pod('agents-2'), set)).toEqual({
      kind: 'scale',
      workload: set,
      replicas: 2,
      markPodFirst: false,
    });
    expect(scaleDownPlan(pod('agents-0'), set)).toEqual({
      kind: 'refuse',
      reason: 'StatefulSet agents scales down from its highest ordinal (agents-2); pod agents-0 is not it',
    });
  });

  it('refuses a workload already at zero', () => {
    expect(scaleDownPlan(pod('web-abc'), { kind: 'Deployment', name: 'web', replicas: 0 })).toEqual({
      kind: 'refuse',
      reason: 'Deployment web is already scaled to 0',
    });
  });
});
