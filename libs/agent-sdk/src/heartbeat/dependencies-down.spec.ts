import { Heartbeat, InvalidSubjectTokenError, MessageLimits, parseMessage } from '@warden/contracts';
import { DependenciesDown, TooManyDependenciesDownError } from './dependencies-down';
import { HeartbeatComposer } from './heartbeat-composer';

describe('DependenciesDown', () => {
  const limit = MessageLimits.dependenciesPerAgent;
  const fill = (): DependenciesDown => {
    const down = new DependenciesDown();
    for (let index = 0; index < limit; index++) down.report(`dep-${index}`, 'down');
    return down;
  };

  it('refuses one more than a heartbeat carries, naming it and the limit, and keeps the others', () => {
    const down = fill();
    expect(() => down.report('extra', 'down')).toThrow(TooManyDependenciesDownError);
    expect(() => down.report('extra', 'down')).toThrow(`${limit} are already down`);
    expect(down.names.size).toBe(limit);
    expect(down.names.has('extra')).toBe(false);
  });

  it('at the limit, still takes a repeat report and makes room when one comes back up', () => {
    const down = fill();
    down.report('dep-0', 'down');
    down.report('dep-0', 'up');
    down.report('extra', 'down');
    expect(down.names.has('extra')).toBe(true);
  });

  it('at the limit, composes a heartbeat the contract accepts', () => {
    const composer = new HeartbeatComposer({
      agentId: 'a1',
      hostId: 'h1',
      zone: 'z1',
      capabilities: [],
      incarnation: 1,
      intervalMs: 1000,
    });
    const figures = {
      capacity: 1,
      inFlightTasks: 0,
      queueDepth: 0,
      cpuRatio: 0,
      memoryBytes: 0,
      latencyEwmaMs: 0,
      errorRatio: 0,
      tasksCompleted: 0,
      tasksFailed: 0,
    };
    const beat = composer.next('ready', figures, new Date(0), fill().names);
    expect(() => parseMessage(Heartbeat, JSON.parse(JSON.stringify(beat)))).not.toThrow();
  });

  it('validates the name as the contract does (an id token)', () => {
    expect(() => new DependenciesDown().report('postgres.primary', 'down')).toThrow(InvalidSubjectTokenError);
    expect(() => new DependenciesDown().report('x'.repeat(129), 'up')).toThrow(InvalidSubjectTokenError);
  });
});
