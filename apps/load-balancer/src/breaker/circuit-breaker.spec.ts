import type { BreakerChange } from './circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';
import { DEFAULT_BREAKER_SETTINGS } from './breaker-settings';

function breaker(instanceId = 'lb-1') {
  const changes: BreakerChange[] = [];
  const subject = new CircuitBreaker('agent-1', DEFAULT_BREAKER_SETTINGS, instanceId, (change) =>
    changes.push(change),
  );
  return { subject, changes };
}

describe('CircuitBreaker', () => {
  it('opens after five consecutive failures and refuses calls while open', () => {
    const { subject, changes } = breaker();
    for (let i = 0; i < 4; i++) subject.failed(0, 'timeout');
    expect(subject.state).toBe('closed');
    subject.failed(0, 'timeout');
    expect(subject.state).toBe('open');
    expect(subject.allows(4_999)).toBe(false);
    expect(changes).toMatchObject([
      { previousState: 'closed', state: 'open', generation: 1, openUntil: 5_000 },
    ]);
  });

  it('opens on the failure ratio once the window has enough calls', () => {
    const { subject } = breaker();
    for (let i = 0; i < 5; i++) {
      subject.succeeded(i);
      subject.failed(i, 'error');
    }
    expect(subject.state).toBe('open');
  });

  it('does not open on a high ratio over too few calls', () => {
    const { subject } = breaker();
    subject.succeeded(0);
    for (let i = 0; i < 3; i++) subject.failed(0, 'error');
    subject.succeeded(0);
    expect(subject.state).toBe('closed');
  });

  it('goes half-open after the open time, lets the trial calls through, and closes when they all succeed', () => {
    const { subject, changes } = breaker();
    for (let i = 0; i < 5; i++) subject.failed(0, 'timeout');
    expect(subject.allows(5_000)).toBe(true);
    expect(subject.state).toBe('half-open');
    for (let i = 0; i < 3; i++) {
      expect(subject.allows(5_000)).toBe(true);
      subject.callStarted();
    }
    expect(subject.allows(5_000)).toBe(false);
    for (let i = 0; i < 3; i++) subject.succeeded(5_100);
    expect(subject.state).toBe('closed');
    expect(changes.map((c) => c.state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens on a failed trial for twice as long, and resets the growth after closing', () => {
    const { subject, changes } = breaker();
    for (let i = 0; i < 5; i++) subject.failed(0, 'timeout');
    subject.allows(5_000);
    subject.callStarted();
    subject.failed(5_000, 'timeout');
    expect(subject.state).toBe('open');
    expect(changes.at(-1)).toMatchObject({ openUntil: 15_000, consecutiveOpenings: 2 });
    subject.allows(15_000);
    for (let i = 0; i < 3; i++) subject.succeeded(15_000);
    for (let i = 0; i < 5; i++) subject.failed(16_000, 'timeout');
    expect(changes.at(-1)).toMatchObject({ openUntil: 21_000, consecutiveOpenings: 1 });
  });

  it('adopts a newer remote transition without echoing it, and ignores an older one', () => {
    const local = breaker('lb-1');
    const remote = breaker('lb-2');
    for (let i = 0; i < 5; i++) remote.subject.failed(0, 'timeout');
    const opened = remote.changes[0];
    expect(local.subject.adopt(opened)).toBe(true);
    expect(local.subject.state).toBe('open');
    expect(local.subject.allows(4_000)).toBe(false);
    expect(local.changes).toEqual([]);
    expect(local.subject.adopt({ ...opened, state: 'closed', generation: 0 })).toBe(false);
    expect(local.subject.state).toBe('open');
  });

  it('breaks a tie between replicas that moved at the same generation by replica id', () => {
    const a = breaker('lb-a');
    const b = breaker('lb-b');
    for (let i = 0; i < 5; i++) {
      a.subject.failed(0, 'x');
      b.subject.failed(1, 'x');
    }
    expect(a.subject.adopt(b.changes[0])).toBe(true);
    expect(b.subject.adopt(a.changes[0])).toBe(false);
    expect(a.subject.openUntil).toBe(b.subject.openUntil);
  });
});
