import type { V1Pod } from '@kubernetes/client-node';
import { agentPodView } from './agent-pod-view';

function pod(status: NonNullable<V1Pod['status']>, deletionTimestamp?: Date): V1Pod {
  return {
    metadata: {
      name: 'p',
      uid: 'u',
      deletionTimestamp,
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'x' },
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'agents', uid: 's', controller: true },
      ],
    },
    spec: { nodeName: 'node-a', containers: [{ name: 'sidecar' }, { name: 'agent' }] },
    status,
  };
}

describe('agentPodView', () => {
  it('reads the controller and the named container running start', () => {
    const view = agentPodView(
      pod({
        containerStatuses: [
          {
            name: 'sidecar',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: new Date(5000) } },
          },
          {
            name: 'agent',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: new Date(9000) } },
          },
        ],
      }),
      'agent',
    );
    expect(view).toEqual({
      name: 'p',
      uid: 'u',
      nodeName: 'node-a',
      agentStartedAtMs: 9000,
      owner: { kind: 'StatefulSet', name: 'agents' },
      terminating: false,
    });
  });

  it('takes the last run of a crash-looping container, the first container when none is named, and marks a terminating pod', () => {
    const view = agentPodView(
      pod(
        {
          containerStatuses: [
            {
              name: 'sidecar',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, startedAt: new Date(7000) } },
            },
          ],
        },
        new Date(),
      ),
    );
    expect(view).toMatchObject({ agentStartedAtMs: 7000, terminating: true });
  });

  it('has no start for a pod whose container never ran', () => {
    expect(agentPodView(pod({ phase: 'Pending' })).agentStartedAtMs).toBeUndefined();
  });
});
