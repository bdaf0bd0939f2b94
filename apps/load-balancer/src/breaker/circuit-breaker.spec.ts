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
    for (let i = 0; i < 4; i++) subject.callStarted().failed(0, 'timeout');
    expect(subject.state).toBe('closed');
    subject.callStarted().failed(0, 'timeout');
    expect(subject.state).toBe('open');
    expect(subject.allows(4_999)).toBe(false);
    expect(changes).toMatchObject([
      { previousState: 'closed', state: 'open', generation: 1, openUntil: 5_000 },
    ]);
  });

  it('opens on the failure ratio once the window has enough calls', () => {
    const { subject } = breaker();
    for (let i = 0; i < 5; i++) {
      subject.callStarted().succeeded(i);
      subject.callStarted().failed(i, 'error');
    }
    expect(subject.state).toBe('open');
  });

  it('does not open on a high ratio over too few calls', () => {
    const { subject } = breaker();
    subject.callStarted().succeeded(0);
    for (let i = 0; i < 3; i++) subject.callStarted().failed(0, 'error');
    subject.callStarted().succeeded(0);
    expect(subject.state).toBe('closed');
  });

  it('goes half-open after the open time, lets the trial calls through, and closes when they all succeed', () => {
    const { subject, changes } = breaker();
    for (let i = 0; i < 5; i++) subject.callStarted().failed(0, 'timeout');
    expect(subject.allows(5_000)).toBe(true);
    expect(subject.state).toBe('half-open');
    const trials = [];
    for (let i = 0; i < 3; i++) {
      expect(subject.allows(5_000)).toBe(true);
      trials.push(subject.callStarted());
    }
    expect(subject.allows(5_000)).toBe(false);
    for (const trial of trials) trial.succeeded(5_100);
    expect(subject.state).toBe('closed');
    expect(changes.map((c) => c.state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens on a failed trial for twice as long, and resets the growth after closing', () => {
    const { subject, changes } = breaker();
    for (let i = 0; i < 5; i++) subject.callStarted().failed(0, 'timeout');
    subject.allows(5_000);
    subject.callStarted().failed(5_000, 'timeout');
    expect(subject.state).toBe('open');
    expect(changes.at(-1)).toMatchObject({ openUntil: 15_000, consecutiveOpenings: 2 });
    subject.allows(15_000);
    for (let i = 0; i < 3; i++) subject.callStarted().succeeded(15_000);
    for (let i = 0; i < 5; i++) subject.callStarted().failed(16_000, 'timeout');
    expect(changes.at(-1)).toMatchObject({ openUntil: 21_000, consecutiveOpenings: 1 });
  });

  it('adopts a newer remote transition without echoing it, and ignores an older one', () => {
    const local = breaker('lb-1');
    const remote = breaker('lb-2');
    for (let i = 0; i < 5; i++) remote.subject.callStarted().failed(0, 'timeout');
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
      a.subject.callStarted().failed(0, 'x');
      b.subject.callStarted().failed(1, 'x');
    }
    expect(a.subject.adopt(b.changes[0])).toBe(true);
    expect(b.subject.adopt(a.changes[0])).toBe(false);
    expect(a.subject.openUntil).toBe(b.subject.openUntil);
  });

  describe('permits', () => {
    /** A breaker tripped at 0 and half-open at 5 000. */
    function halfOpen() {
      const made = breaker();
      for (let i = 0; i < 5; i++) made.subject.callStarted().failed(0, 'timeout');
      expect(made.subject.allows(5_000)).toBe(true);
      return made;
    }

    it('gives a released trial slot back, so a half-open breaker with no trial in flight admits one', () => {
      const { subject } = halfOpen();
      for (let i = 0; i < 10; i++) {
        expect(subject.allows(5_000)).toBe(true);
        subject.callStarted().released(5_000);
      }
      expect(subject.state).toBe('half-open');
    });

    it('counts a permit settled twice once', () => {
      const { subject } = halfOpen();
      const trial = subject.callStarted();
      trial.succeeded(5_000);
      trial.succeeded(5_000);
      trial.failed(5_000, 'late');
      trial.released(5_000);
      expect(subject.state).toBe('half-open');
      subject.callStarted().succeeded(5_000);
      expect(subject.state).toBe('half-open');
      subject.callStarted().succeeded(5_000);
      expect(subject.state).toBe('closed');
    });

    it('does not close on successes of calls admitted before the breaker opened', () => {
      const { subject } = breaker();
      const early = [subject.callStarted(), subject.callStarted(), subject.callStarted()];
      for (let i = 0; i < 5; i++) subject.callStarted().failed(0, 'timeout');
      subject.allows(5_000);
      for (const permit of early) permit.succeeded(5_000);
      expect(subject.state).toBe('half-open');
      expect(subject.allows(5_000)).toBe(true);
    });

    it('does not reopen on a failure of a call admitted before the breaker opened', () => {
      const { subject, changes } = breaker();
      const early = subject.callStarted();
      for (let i = 0; i < 5; i++) subject.callStarted().failed(0, 'timeout');
      subject.allows(5_000);
      early.failed(5_000, 'late timeout');
      expect(subject.state).toBe('half-open');
      expect(changes.map((c) => c.state)).toEqual(['open', 'half-open']);
    });

    it("treats a trial admitted before adopting another replica's transition as stale", () => {
      const local = halfOpen();
      const remote = halfOpen();
      const before = local.subject.callStarted();
      // The same generation number from a higher replica id: adopted, and a new phase here.
      expect(local.subject.adopt({ ...remote.changes.at(-1)!, decidedBy: 'lb-9' })).toBe(true);
      before.failed(5_100, 'late');
      expect(local.subject.state).toBe('half-open');
      for (let i = 0; i < 3; i++) local.subject.callStarted().succeeded(5_200);
      expect(local.subject.state).toBe('closed');
    });

    it('feeds the outcome window with stale outcomes (statistics only)', () => {
      const { subject, changes } = breaker();
      const early = Array.from({ length: 6 }, () => subject.callStarted());
      for (let i = 0; i < 5; i++) subject.callStarted().failed(0, 'timeout');
      subject.allows(5_000);
      for (let i = 0; i < 3; i++) subject.callStarted().succeeded(5_000);
      expect(subject.state).toBe('closed');
      // Six late failures from before the opening land in the fresh window of the closed breaker: with
      // four current failures the window holds ten calls, all failed, and the ratio trips it.
      for (const permit of early) permit.failed(5_100, 'late');
      expect(subject.state).toBe('closed');
      for (let i = 0; i < 4; i++) subject.callStarted().failed(5_200, 'timeout');
      expect(changes.at(-1)).toMatchObject({ state: 'open' });
      expect(changes.at(-1)!.reason).toMatch(/failure ratio/);
    });
  });
});
