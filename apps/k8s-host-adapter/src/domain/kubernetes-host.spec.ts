import { createMessage, RecoveryCommand, type RecoveryAction } from '@warden/contracts';
import type { AgentPod, ScalableWorkload, WorkloadRef } from './agent-pod';
import type { ClusterPort, PodMarks } from './cluster-port';
import { KubeApiError } from './kube-errors';
import { KubernetesHost } from './kubernetes-host';

const STARTED = Date.parse('2026-01-01T00:00:02Z');

/** An in-memory namespace: the pods and workloads a unit test sets up, and the calls made on it. */
class InMemoryCluster implements ClusterPort {
  readonly target = 'namespace test (in memory)';
  readonly calls: string[] = [];
  pods: AgentPod[] = [
    {
      name: 'a1-pod',
      uid: 'u1',
      agentStartedAtMs: STARTED,
      owner: { kind: 'ReplicaSet', name: 'a1-rs' },
      terminating: false,
    },
  ];
  workloads = new Map<string, ScalableWorkload>([
    ['Deployment/a1', { kind: 'Deployment', name: 'a1', replicas: 2 }],
  ]);
  failing = new Map<string, KubeApiError>();
  /** Hold the pod lookup or the delete until released, to interleave commands. */
  holdList?: Promise<void>;
  holdDelete?: Promise<void>;

  async findAgentPods(agentId: string): Promise<AgentPod[]> {
    this.record(`list ${agentId}`);
    await this.holdList;
    return this.pods;
  }
  async markPod(pod: AgentPod, marks: PodMarks): Promise<void> {
    this.record(`mark ${pod.name} ${JSON.stringify(marks)}`);
  }
  async deletePod(pod: AgentPod, grace?: number): Promise<void> {
    this.record(`delete ${pod.name} grace=${grace}`);
    await this.holdDelete;
  }
  async evictPod(pod: AgentPod, grace?: number): Promise<void> {
    this.record(`evict ${pod.name} grace=${grace}`);
  }
  async controllerOf(replicaSet: WorkloadRef): Promise<WorkloadRef | undefined> {
    this.record(`owner ${replicaSet.name}`);
    return replicaSet.name === 'a1-rs' ? { kind: 'Deployment', name: 'a1' } : undefined;
  }
  async readWorkload(ref: WorkloadRef): Promise<ScalableWorkload> {
    this.record(`read ${ref.kind}/${ref.name}`);
    const workload = this.workloads.get(`${ref.kind}/${ref.name}`);
    if (!workload) throw new KubeApiError(`read ${ref.kind} ${ref.name}`, 404, 'not found');
    return workload;
  }
  async scaleWorkload(workload: ScalableWorkload, replicas: number): Promise<void> {
    this.record(`scale ${workload.kind}/${workload.name} ${workload.replicas}->${replicas}`);
  }

  private record(call: string): void {
    this.calls.push(call);
    const verb = call.split(' ')[0]!;
    const failure = this.failing.get(verb);
    if (failure) throw failure;
  }
}

let sequence = 0;
function command(action: RecoveryAction, fencingToken: number, overrides: Partial<RecoveryCommand> = {}) {
  return createMessage(RecoveryCommand, {
    commandId: `c${++sequence}`,
    action,
    agentId: 'a1',
    hostId: 'h1',
    incarnation: STARTED + 500,
    fencingToken,
    attempt: 1,
    timeoutMs: 5000,
    reason: { summary: 'test' },
    issuedBy: 'recovery-coordinator',
    issuedAt: new Date().toISOString(),
    ...overrides,
  });
}

describe('KubernetesHost', () => {
  let cluster: InMemoryCluster;
  let host: KubernetesHost;

  beforeEach(() => {
    cluster = new InMemoryCluster();
    host = new KubernetesHost(cluster, { hostId: 'h1', clockSkewToleranceMs: 1000 });
  });

  it('restarts by deleting the pod, the grace rounded up to whole seconds', async () => {
    const { receipt, outcome } = await host.handle(command('restart', 4, { graceMs: 1500 }));

    expect(receipt).toMatchObject({ accepted: true, receivedBy: 'h1' });
    expect(outcome).toEqual({ kind: 'obeyed', steps: ['delete pod a1-pod'] });
    expect(cluster.calls).toEqual(['list a1', 'delete a1-pod grace=2']);
  });

  it('refuses commands for another host, and a stale token once a higher one was obeyed', async () => {
    expect((await host.handle(command('restart', 4, { hostId: 'h2' }))).receipt.reason).toBe(
      'addressed to host h2, this is h1',
    );
    await host.handle(command('restart', 7));
    cluster.calls.length = 0;

    const stale = await host.handle(command('drain', 6));

    expect(stale.receipt).toMatchObject({ accepted: false, reason: 'stale fencing token 6 < 7' });
    expect(cluster.calls).toEqual([]);
    expect(host.highestFencingToken).toBe(7);
  });

  it('does not raise the fencing token for a command the API failed, so the same leader can retry', async () => {
    cluster.failing.set('evict', new KubeApiError('evict pod a1-pod', 429, 'disruption budget'));
    const blocked = await host.handle(command('drain', 9));
    expect(blocked.outcome).toEqual({
      kind: 'failed',
      failure: 'disruption-budget',
      reason: 'disruption-budget: evict pod a1-pod: HTTP 429 (disruption budget)',
    });
    expect(host.highestFencingToken).toBeUndefined();
  });

  it('stops by scaling the Deployment above the pod’s ReplicaSet down by one', async () => {
    const { outcome } = await host.handle(command('stop', 1));

    expect(outcome).toMatchObject({ kind: 'obeyed' });
    expect(cluster.calls).toEqual([
      'list a1',
      'owner a1-rs',
      'read Deployment/a1',
      'mark a1-pod {"annotations":{"controller.kubernetes.io/pod-deletion-cost":"-2147483648"}}',
      'scale Deployment/a1 2->1',
    ]);
  });

  it('stops a bare pod by deleting it, and refuses one whose controller cannot scale by one agent', async () => {
    cluster.pods = [{ ...cluster.pods[0]!, owner: undefined }];
    expect((await host.handle(command('stop', 1))).outcome).toEqual({
      kind: 'obeyed',
      steps: ['delete bare pod a1-pod'],
    });
    cluster.pods = [{ ...cluster.pods[0]!, owner: { kind: 'DaemonSet', name: 'ds' } }];
    expect((await host.handle(command('stop', 1))).receipt.reason).toBe(
      'pod a1-pod is controlled by DaemonSet ds, which cannot be scaled down by one agent',
    );
  });

  it('replaces by labelling then deleting, and drains by labelling then evicting', async () => {
    await host.handle(command('replace', 1));
    await host.handle(command('drain', 1, { graceMs: 0 }));
    expect(cluster.calls).toEqual([
      'list a1',
      'mark a1-pod {"labels":{"warden.io/replaced":"true"}}',
      'delete a1-pod grace=undefined',
      'list a1',
      'mark a1-pod {"labels":{"warden.io/draining":"true"}}',
      'evict a1-pod grace=0',
    ]);
  });

  it('refuses an incarnation older than the pod’s agent container', async () => {
    const { receipt } = await host.handle(command('restart', 1, { incarnation: STARTED - 5000 }));
    expect(receipt.accepted).toBe(false);
    expect(receipt.reason).toMatch(/^incarnation \d+ is not the current one/);
    expect(cluster.calls).toEqual(['list a1']);
  });

  it('answers a retry with the first receipt, also while the first is still under way', async () => {
    let release!: () => void;
    cluster.holdDelete = new Promise((resolve) => (release = resolve));
    const first = command('restart', 2);

    const underway = host.handle(first);
    const joined = host.handle(first);
    release();
    const [a, b] = await Promise.all([underway, joined]);
    const later = await host.handle(first);

    expect(b.receipt).toEqual(a.receipt);
    expect(later).toEqual({ receipt: a.receipt });
    expect(cluster.calls.filter((call) => call.startsWith('delete'))).toHaveLength(1);
  });

  it('refuses a lower token whose lookup was under way when a higher one was obeyed', async () => {
    let releaseList!: () => void;
    cluster.holdList = new Promise((resolve) => (releaseList = resolve));
    const lower = host.handle(command('restart', 4));
    cluster.holdList = undefined;
    await host.handle(command('restart', 5));
    releaseList();

    expect((await lower).receipt).toMatchObject({ accepted: false, reason: 'stale fencing token 4 < 5' });
    expect(cluster.calls.filter((call) => call.startsWith('delete'))).toHaveLength(1);
  });

  it('refuses an agent id no pod label can hold, without calling the API', async () => {
    const { receipt } = await host.handle(command('restart', 1, { agentId: '_a1' }));
    expect(receipt.reason).toBe(
      'agent id _a1 is not a valid Kubernetes label value (≤ 63 characters, alphanumeric at both ends), so no pod can carry it',
    );
    expect((await host.handle(command('restart', 1, { agentId: 'a'.repeat(64) }))).receipt.accepted).toBe(
      false,
    );
    expect(cluster.calls).toEqual([]);
  });

  it('refuses everything once stopping', async () => {
    await host.stop();
    expect((await host.handle(command('restart', 1))).receipt.reason).toBe('host h1 is stopping');
  });
});
