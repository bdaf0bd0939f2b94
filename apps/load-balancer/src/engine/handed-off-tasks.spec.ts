import { Writable } from 'node:stream';
import type { TaskResult, TaskRunRecord, TaskSubmitted, WorkHandoff } from '@warden/contracts';
import { createLogger } from '@warden/telemetry';
import type { RunOptions } from '../dispatch/task-dispatcher';
import type { ClaimHolderAnswer } from '../nats/task-claim-queries';
import { HandedOffTasks } from './handed-off-tasks';

const AT = new Date(0).toISOString();

function submission(taskId: string): TaskSubmitted {
  return {
    taskId,
    taskType: 'work',
    priority: 'normal',
    requiredCapabilities: [],
    preferredZones: [],
    payload: {},
    timeoutMs: 1_000,
    maxAttempts: 1,
    submittedBy: 'test',
    submittedAt: AT,
  };
}

function claim(taskId: string, owner: string, overrides: Partial<TaskRunRecord> = {}): TaskRunRecord {
  return {
    taskId,
    taskType: 'work',
    owner,
    state: 'running',
    claimedAt: AT,
    submissionSequence: 7,
    ...overrides,
  };
}

/** The dispatcher as the hand-off sees it: which tasks run here, and what it is asked to run. */
class RecordingDispatcher {
  readonly runs: { task: TaskSubmitted; options: RunOptions }[] = [];
  constructor(private readonly runningHere: ReadonlySet<string>) {}
  isRunning(taskId: string): boolean {
    return this.runningHere.has(taskId);
  }
  run(task: TaskSubmitted, options: RunOptions = {}): Promise<TaskResult> {
    this.runs.push({ task, options });
    return new Promise(() => undefined);
  }
}

function handOff(
  records: TaskRunRecord[],
  answers: Record<string, ClaimHolderAnswer>,
  runningHere: ReadonlySet<string> = new Set(),
) {
  const byId = new Map(records.map((record) => [record.taskId, record]));
  const claims = { read: async (taskId: string) => byId.get(taskId) };
  const dispatcher = new RecordingDispatcher(runningHere);
  const asked: string[] = [];
  const subject = new HandedOffTasks(
    {
      claims,
      askHolder: async (holder) => {
        asked.push(holder);
        return answers[holder] ?? { kind: 'unknown' };
      },
      readSubmission: async () => submission('from-stream'),
    },
    dispatcher,
    'lb-1',
    createLogger({
      service: 'test',
      instanceId: 'lb-1',
      level: 'fatal',
      destination: new Writable({ write: (_c, _e, done) => done() }),
    }),
  );
  const handoff = {
    handoffId: 'h-1',
    agentId: 'agent-x',
    taskIds: records.map((r) => r.taskId),
  } as WorkHandoff;
  return { run: () => subject.redispatch(handoff), dispatcher, asked };
}

describe('HandedOffTasks', () => {
  it('re-runs from the stream a durable task whose holder is gone, taking its claim over from that holder', async () => {
    const { run, dispatcher } = handOff([claim('t-1', 'lb-2')], { 'lb-2': { kind: 'gone' } });
    await expect(run()).resolves.toMatchObject({ redispatched: ['t-1'] });
    expect(dispatcher.runs).toMatchObject([{ options: { submissionSequence: 7, takeOverFrom: 'lb-2' } }]);
  });

  it('leaves a task to a live holder that runs it, and asks nobody about tasks running here', async () => {
    const { run, dispatcher, asked } = handOff(
      [claim('t-1', 'lb-2'), claim('t-2', 'lb-3')],
      { 'lb-2': { kind: 'alive', running: new Set(['t-1']) } },
      new Set(['t-2']),
    );
    await expect(run()).resolves.toMatchObject({ heldAlive: ['t-2', 't-1'], redispatched: [] });
    expect(asked).toEqual(['lb-2']);
    expect(dispatcher.runs).toEqual([]);
  });

  it('re-runs its own claims left from before a restart without asking anyone', async () => {
    const { run, asked } = handOff([claim('t-1', 'lb-1')], {});
    await expect(run()).resolves.toMatchObject({ redispatched: ['t-1'] });
    expect(asked).toEqual([]);
  });

  it('reports a request/reply task of a gone holder as unrecoverable, and skips finished or unanswered ones', async () => {
    const { run, dispatcher } = handOff(
      [
        claim('t-1', 'lb-2', { submissionSequence: undefined }),
        claim('t-2', 'lb-2', { state: 'finished' }),
        claim('t-3', 'lb-4'),
      ],
      { 'lb-2': { kind: 'gone' } },
    );
    await expect(run()).resolves.toMatchObject({ unrecoverable: ['t-1'], skipped: ['t-2', 't-3'] });
    expect(dispatcher.runs).toEqual([]);
  });
});
