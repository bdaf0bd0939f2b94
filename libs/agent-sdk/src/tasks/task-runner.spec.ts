import { LoadMeter } from '../load/load-meter';
import { AgentNotAcceptingTasksError, AgentOverloadedError, TaskAbandonedError } from './task-errors';
import { TaskRunner } from './task-runner';

const resources = { cpuRatio: () => 0, memoryBytes: () => 0, memoryLimitBytes: () => undefined };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('TaskRunner', () => {
  let refusal: string | undefined;
  let meter: LoadMeter;
  let runner: TaskRunner;
  beforeEach(() => {
    refusal = undefined;
    meter = new LoadMeter(2, resources);
    runner = new TaskRunner({ agentId: 'a1', capacity: 2, queueLimit: 1, meter, refusal: () => refusal });
  });

  it('runs at most capacity tasks at once and queues the rest', async () => {
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const results = gates.map((gate, i) => runner.submit(`t${i}`, () => gate.promise));
    expect(runner.inFlight).toBe(2);
    expect(runner.queued).toBe(1);
    expect(meter.figures(0)).toMatchObject({ inFlightTasks: 2, queueDepth: 1 });
    gates[0].resolve('zero');
    await results[0];
    expect(runner.inFlight).toBe(2);
    expect(runner.queued).toBe(0);
    gates[1].resolve('one');
    gates[2].resolve('two');
    await expect(Promise.all(results)).resolves.toEqual(['zero', 'one', 'two']);
    expect(meter.figures(0)).toMatchObject({ inFlightTasks: 0, tasksCompleted: 3 });
  });

  it('refuses work beyond the queue limit as overloaded', async () => {
    const gate = deferred<void>();
    for (let i = 0; i < 3; i++) void runner.submit(`t${i}`, () => gate.promise);
    await expect(runner.submit('t3', async () => undefined)).rejects.toBeInstanceOf(AgentOverloadedError);
    gate.resolve();
  });

  it('runs a task id once: a duplicate joins the running task, a later one gets the remembered outcome', async () => {
    let runs = 0;
    const gate = deferred<string>();
    const first = runner.submit('same', () => (runs++, gate.promise));
    const duplicate = runner.submit('same', () => (runs++, Promise.resolve('other')));
    gate.resolve('done');
    await expect(first).resolves.toBe('done');
    await expect(duplicate).resolves.toBe('done');
    await expect(runner.submit('same', () => (runs++, Promise.resolve('again')))).resolves.toBe('done');
    expect(runs).toBe(1);
  });

  it('remembers failures too, and counts them', async () => {
    await expect(runner.submit('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(runner.submit('bad', () => Promise.resolve('x'))).rejects.toThrow('boom');
    expect(meter.figures(0)).toMatchObject({ tasksFailed: 1, errorRatio: 1 });
  });

  it('refuses new tasks while the agent is not accepting, but still answers a duplicate', async () => {
    await runner.submit('known', async () => 'ok');
    refusal = 'draining';
    await expect(runner.submit('new', async () => 'x')).rejects.toBeInstanceOf(AgentNotAcceptingTasksError);
    await expect(runner.submit('known', async () => 'x')).resolves.toBe('ok');
  });

  it('abandons queued tasks on stop and reports idle once running ones finish', async () => {
    const gate = deferred<void>();
    void runner.submit('a', () => gate.promise);
    void runner.submit('b', () => gate.promise);
    const queued = runner.submit('c', async () => undefined);
    runner.abandonQueued();
    await expect(queued).rejects.toBeInstanceOf(TaskAbandonedError);
    let idle = false;
    const idlePromise = runner.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await idlePromise;
    expect(meter.figures(0).queueDepth).toBe(0);
  });
});
