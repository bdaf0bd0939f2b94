import { AgentLifecycleMachine, InvalidLifecycleTransitionError } from './agent-lifecycle-machine';
import { nextIncarnation } from './incarnation';

describe('AgentLifecycleMachine', () => {
  it('takes tasks only when ready and not paused', () => {
    const machine = new AgentLifecycleMachine();
    expect(machine.acceptsTasks).toBe(false);
    machine.transition('ready');
    expect(machine.acceptsTasks).toBe(true);
    machine.pause();
    expect(machine.acceptsTasks).toBe(false);
    machine.resume();
    expect(machine.acceptsTasks).toBe(true);
  });

  it('resume undoes a drain', () => {
    const machine = new AgentLifecycleMachine();
    machine.transition('ready');
    machine.transition('draining');
    machine.resume();
    expect(machine.state).toBe('ready');
  });

  it('refuses to come back from stopped', () => {
    const machine = new AgentLifecycleMachine();
    machine.transition('stopped');
    expect(() => machine.transition('ready')).toThrow(InvalidLifecycleTransitionError);
  });
});

describe('nextIncarnation', () => {
  it('is strictly increasing even within one millisecond', () => {
    const a = nextIncarnation(5_000);
    const b = nextIncarnation(5_000);
    expect(b).toBeGreaterThan(a);
  });
});
