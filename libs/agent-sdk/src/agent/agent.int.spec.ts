import { MessageLimits, Streams, Subjects, TaskResult, type AgentLifecycle } from '@warden/contracts';
import { RemoteHandlerError, type Messaging, type NatsClient } from '@warden/messaging';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { TaskFailedError } from '../tasks/task-execution-errors';
import {
  HeartbeatRecorder,
  connectTo,
  control,
  dispatch,
  gate,
  operatorMessaging,
  silentLogger,
  taskDispatch,
} from '../testing/agent-fixture.test-helper';
import type { AgentHandle } from './agent-handle';
import { startAgent } from './start-agent';

describe('agent over a real nats-server', () => {
  let server: NatsServerHandle;
  let agentClient: NatsClient;
  let operatorClient: NatsClient;
  let operator: Messaging;
  const agents: AgentHandle[] = [];
  let counter = 0;

  beforeAll(async () => {
    server = await startNatsServer();
    agentClient = await connectTo(server.url, 'agent-process');
    operatorClient = await connectTo(server.url, 'operator');
    operator = operatorMessaging(operatorClient);
    await operator.provision({ streams: [Streams.COORDINATION], replicas: 1 });
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop({ graceMs: 100 })));
  });

  afterAll(async () => {
    await agentClient.drain();
    await operatorClient.drain();
    await server.stop();
  });

  async function launch(
    capacity = 2,
    queueLimit?: number,
  ): Promise<{ agent: AgentHandle; beats: HeartbeatRecorder }> {
    const id = `agent-${++counter}`;
    const beats = await HeartbeatRecorder.start(operatorClient, id);
    const agent = await startAgent({
      id,
      hostId: 'host-1',
      zone: 'zone-a',
      capabilities: ['compute'],
      capacity,
      queueLimit,
      heartbeatIntervalMs: 100,
      connection: agentClient,
      logger: silentLogger(),
    });
    agents.push(agent);
    return { agent, beats };
  }

  async function storedResults(agentId: string): Promise<TaskResult[]> {
    const jsm = await operatorClient.jetstreamManager();
    const info = await jsm.streams.info(Streams.COORDINATION.name);
    const results: TaskResult[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const stored = await jsm.streams.getMessage(Streams.COORDINATION.name, { seq });
      if (stored?.subject === Subjects.taskResult(agentId)) results.push(stored.json<TaskResult>());
    }
    return results;
  }

  it('beats with a sequence rising by one and figures taken from the tasks it really ran', async () => {
    const { agent, beats } = await launch();
    agent.onTask(async (task) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (task.payload.fail) throw new TaskFailedError('bad-input', 'asked to fail', false);
      return { doubled: Number(task.payload.n) * 2 };
    });
    const receipts = await Promise.all([
      dispatch(operator, agent.id, taskDispatch('t-1', { n: 1 })),
      dispatch(operator, agent.id, taskDispatch('t-2', { n: 2 })),
      dispatch(operator, agent.id, taskDispatch('t-3', { n: 3 })),
      dispatch(operator, agent.id, taskDispatch('t-4', { fail: true })),
    ]);
    expect(receipts.map((receipt) => receipt.accepted)).toEqual([true, true, true, true]);

    const settled = await eventually(
      () => beats.beats.find((beat) => beat.tasksCompleted === 3 && beat.tasksFailed === 1),
      {
        timeoutMs: 10_000,
      },
    );
    expect(settled.errorRatio).toBeCloseTo(0.25);
    expect(settled.latencyEwmaMs).toBeGreaterThanOrEqual(25);
    expect(settled.memoryBytes).toBeGreaterThan(0);
    expect(settled).toMatchObject({
      agentId: agent.id,
      hostId: 'host-1',
      zone: 'zone-a',
      capacity: 2,
      incarnation: agent.incarnation,
    });
    const sequences = beats.beats.map((beat) => beat.sequence);
    expect(sequences).toEqual(sequences.map((_, index) => sequences[0] + index));

    const results = await eventually(async () => {
      const stored = await storedResults(agent.id);
      return stored.length === 4 && stored;
    });
    const byTask = new Map(results.map((result) => [result.taskId, result]));
    expect(byTask.get('t-2')).toMatchObject({ outcome: 'succeeded', result: { doubled: 4 } });
    expect(byTask.get('t-4')).toMatchObject({
      outcome: 'failed',
      error: { code: 'bad-input', retryable: false },
    });
  });

  it("refuses a dependency down beyond the heartbeat's limit, naming it, and keeps beating with the others", async () => {
    const { agent, beats } = await launch();
    const limit = MessageLimits.dependenciesPerAgent;
    const names = Array.from({ length: limit }, (_, index) => `dep-${String(index).padStart(2, '0')}`);
    for (const name of names) agent.reportDependency(name, 'down');
    // Reporting one already down again, or one up that was never down, changes nothing and is fine.
    agent.reportDependency(names[0], 'down');
    agent.reportDependency('never-down', 'up');

    let refusal: unknown;
    try {
      agent.reportDependency('one-too-many', 'down');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      name: 'TooManyDependenciesDownError',
      dependency: 'one-too-many',
      limit,
    });
    expect(String(refusal)).toContain(String(limit));
    expect(() => agent.reportDependency('not a token', 'down')).toThrow(/dependency name/);

    // The agent still beats (a beat over the limit fails validation and is never sent).
    const beatsBefore = beats.beats.length;
    await eventually(
      () => beats.beats.length > beatsBefore + 1 && beats.last?.dependenciesDown !== undefined,
    );
    expect(beats.last?.dependenciesDown).toEqual(names);
  });

  it('announces each lifecycle step at once, ending with a stopped beat', async () => {
    const { agent, beats } = await launch();
    const announced: AgentLifecycle[] = [];
    agent.on('lifecycle', (state) => announced.push(state));
    agent.onTask(async () => undefined);
    await agent.drain();
    await agent.stop({ graceMs: 1000 });

    expect(announced).toEqual(['ready', 'draining', 'stopping', 'stopped']);
    await eventually(() => beats.last?.lifecycle === 'stopped');
    const steps = beats.beats
      .map((beat) => beat.lifecycle)
      .filter((state, index, all) => state !== all[index - 1]);
    expect(steps).toEqual(['starting', 'ready', 'draining', 'stopping', 'stopped']);
    const beatsAtStop = beats.beats.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(beats.beats.length).toBe(beatsAtStop);
  });

  it('runs a task delivered twice only once and stores one result', async () => {
    const { agent } = await launch();
    let runs = 0;
    const release = gate();
    agent.onTask(async () => {
      runs++;
      await release.promise;
      return { run: runs };
    });
    const task = taskDispatch('dup-1');
    const first = await dispatch(operator, agent.id, task);
    const whileRunning = await dispatch(operator, agent.id, task);
    release.open();
    await eventually(async () => (await storedResults(agent.id)).length === 1);
    const afterFinishing = await dispatch(operator, agent.id, task);

    expect([first.accepted, whileRunning.accepted, afterFinishing.accepted]).toEqual([true, true, true]);
    expect(runs).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await storedResults(agent.id)).toHaveLength(1);
  });

  it('refuses new tasks while draining, with a typed error the router can act on', async () => {
    const { agent } = await launch();
    const release = gate();
    agent.onTask(() => release.promise);
    await dispatch(operator, agent.id, taskDispatch('long-1'));
    const drained = agent.drain();

    const refusal = await dispatch(operator, agent.id, taskDispatch('new-1')).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(RemoteHandlerError);
    expect(refusal).toMatchObject({ code: 'unavailable', respondedBy: agent.id });
    expect((refusal as Error).message).toContain('draining');
    release.open();
    await expect(drained).resolves.toBe(true);
  });

  it('refuses tasks beyond capacity and queue as overloaded', async () => {
    const { agent } = await launch(1, 0);
    const release = gate();
    agent.onTask(() => release.promise);
    await dispatch(operator, agent.id, taskDispatch('busy-1'));
    await expect(dispatch(operator, agent.id, taskDispatch('busy-2'))).rejects.toMatchObject({
      code: 'rejected',
    });
    release.open();
  });

  it('obeys pause, resume and stop, and refuses commands for another incarnation or with a stale token', async () => {
    const { agent, beats } = await launch();
    agent.onTask(async () => undefined);

    expect(await control(operator, agent.id, 'pause', agent.incarnation, { fencingToken: 5 })).toMatchObject({
      accepted: true,
    });
    await expect(dispatch(operator, agent.id, taskDispatch('paused-1'))).rejects.toMatchObject({
      code: 'unavailable',
    });

    const otherIncarnation = await control(operator, agent.id, 'resume', agent.incarnation - 1, {
      fencingToken: 5,
    });
    expect(otherIncarnation.accepted).toBe(false);
    expect(otherIncarnation.reason).toContain(`incarnation ${agent.incarnation - 1}`);
    const staleToken = await control(operator, agent.id, 'resume', agent.incarnation, { fencingToken: 4 });
    expect(staleToken).toMatchObject({ accepted: false, reason: 'stale fencing token 4 < 5' });
    expect(agent.paused).toBe(true);

    expect(await control(operator, agent.id, 'resume', agent.incarnation, { fencingToken: 6 })).toMatchObject(
      { accepted: true },
    );
    expect(await dispatch(operator, agent.id, taskDispatch('resumed-1'))).toMatchObject({ accepted: true });

    const stopped = new Promise((resolve) =>
      agent.on('lifecycle', (state) => state === 'stopped' && resolve(state)),
    );
    expect(await control(operator, agent.id, 'stop', agent.incarnation, { graceMs: 500 })).toMatchObject({
      accepted: true,
    });
    await stopped;
    await eventually(() => beats.last?.lifecycle === 'stopped');
    expect(agent.alive).toBe(false);
  });

  it('resumes beating with the same incarnation and the next sequence after the server restarts', async () => {
    const { agent, beats } = await launch();
    agent.onTask(async () => undefined);
    await eventually(() => beats.beats.length >= 3);
    await server.restart();
    const beforeReconnect = beats.beats.length;
    const lastBefore = beats.beats[beforeReconnect - 1];

    await eventually(() => beats.beats.length >= beforeReconnect + 3, { timeoutMs: 20_000 });
    const resumed = beats.beats.slice(beforeReconnect);
    expect(resumed.every((beat) => beat.incarnation === agent.incarnation)).toBe(true);
    expect(resumed[0].sequence).toBeGreaterThan(lastBefore.sequence);
    const all = beats.beats.map((beat) => beat.sequence);
    expect(all).toEqual([...all].sort((a, b) => a - b));
  });
});
