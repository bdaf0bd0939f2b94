import type { EscalationPolicy } from './escalation-policy';
import { IncidentBook, UnknownIncidentError, type StepReason } from './incident-book';
import type { IncidentRecord } from './incident-record';

const MINUTE = 60_000;
const policy: EscalationPolicy = {
  name: 'on-call',
  levels: [
    { receivers: ['primary'], escalateAfterMs: 5 * MINUTE },
    { receivers: ['secondary', 'manager'], escalateAfterMs: 10 * MINUTE },
  ],
  loops: 1,
  ackTimeoutMs: 30 * MINUTE,
};

describe('IncidentBook', () => {
  let steps: { receivers: readonly string[]; reason: StepReason; step: number }[];
  let resolved: readonly string[][];
  let stored: Map<string, IncidentRecord>;
  let book: IncidentBook;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
    steps = [];
    resolved = [];
    stored = new Map();
    book = new IncidentBook(new Map([[policy.name, policy]]), {
      persist: async (record) => void stored.set(record.id, { ...record }),
      notifyStep: async (record, receivers, reason) =>
        void steps.push({ receivers, reason, step: record.step }),
      notifyResolved: async (_record, receivers) => void (resolved = [...resolved, [...receivers]]),
    });
  });

  afterEach(() => {
    book.stop();
    jest.useRealTimers();
  });

  it('opens on the first firing flush and pages the first level at once', async () => {
    await book.observe('g1', 'on-call', true, Date.now());
    await book.observe('g1', 'on-call', true, Date.now());
    expect(steps).toEqual([{ receivers: ['primary'], reason: 'triggered', step: 0 }]);
    expect([...stored.values()][0].state).toBe('triggered');
  });

  it('escalates level by level while nobody acknowledges, loops, then stops', async () => {
    await book.observe('g1', 'on-call', true, Date.now());
    await jest.advanceTimersByTimeAsync(5 * MINUTE);
    expect(steps.at(-1)).toEqual({ receivers: ['secondary', 'manager'], reason: 'escalated', step: 1 });
    await jest.advanceTimersByTimeAsync(10 * MINUTE);
    expect(steps.at(-1)).toEqual({ receivers: ['primary'], reason: 'escalated', step: 2 });
    await jest.advanceTimersByTimeAsync(5 * MINUTE);
    expect(steps).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(60 * MINUTE);
    expect(steps).toHaveLength(4);
  });

  it('stops escalating on acknowledgement and re-triggers at the first level after the ack timeout', async () => {
    await book.observe('g1', 'on-call', true, Date.now());
    const id = (book.forGroup('g1') as IncidentRecord).id;
    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    await book.acknowledge(id, 'alice', Date.now());
    expect(stored.get(id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice' });
    await jest.advanceTimersByTimeAsync(29 * MINUTE);
    expect(steps).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1 * MINUTE);
    expect(steps.at(-1)).toEqual({ receivers: ['primary'], reason: 're-triggered', step: 0 });
    expect(stored.get(id)?.state).toBe('triggered');
  });

  it('resolves when the group stops firing and tells everyone who was paged', async () => {
    await book.observe('g1', 'on-call', true, Date.now());
    await jest.advanceTimersByTimeAsync(5 * MINUTE);
    const id = (book.forGroup('g1') as IncidentRecord).id;
    await book.observe('g1', 'on-call', false, Date.now());
    expect(stored.get(id)?.state).toBe('resolved');
    expect(resolved).toEqual([['primary', 'secondary', 'manager']]);
    await jest.advanceTimersByTimeAsync(60 * MINUTE);
    expect(steps).toHaveLength(2);
  });

  it('resumes a stored incident where its escalation stood', async () => {
    const now = Date.now();
    book.load([
      {
        id: 'inc-1',
        groupKey: 'g1',
        policy: 'on-call',
        state: 'triggered',
        step: 0,
        openedAt: now - 4 * MINUTE,
        triggeredAt: now - 4 * MINUTE,
        lastStepAt: now - 4 * MINUTE,
        notified: ['primary'],
        updatedAt: now,
      },
    ]);
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(steps).toEqual([{ receivers: ['secondary', 'manager'], reason: 'escalated', step: 1 }]);
  });

  it('refuses to acknowledge an incident it does not know', async () => {
    await expect(book.acknowledge('inc-none', 'bob', Date.now())).rejects.toThrow(UnknownIncidentError);
  });
});
