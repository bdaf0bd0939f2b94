import { RecoveryCommand, createMessage } from '@warden/contracts';
import { recoveryCommandRefusal } from '../host/recovery-command-check';
import { CommandGate } from './command-gate';

describe('CommandGate', () => {
  it('accepts the current incarnation and refuses another one', () => {
    const gate = new CommandGate();
    expect(gate.check({ commandId: 'c1', incarnation: 5 }, 5)).toEqual({ accepted: true });
    expect(gate.check({ commandId: 'c2', incarnation: 4 }, 5)).toEqual({
      accepted: false,
      reason: 'incarnation 4 is not the current one (5)',
    });
  });

  it('refuses a token lower than one obeyed, but a refused command does not raise the bar', () => {
    const gate = new CommandGate();
    gate.accept({ commandId: 'c1', incarnation: 5, fencingToken: 3 });
    expect(gate.check({ commandId: 'c2', incarnation: 5, fencingToken: 2 }, 5)).toEqual({
      accepted: false,
      reason: 'stale fencing token 2 < 3',
    });
    expect(gate.check({ commandId: 'c3', incarnation: 9, fencingToken: 8 }, 5).accepted).toBe(false);
    expect(gate.check({ commandId: 'c4', incarnation: 5, fencingToken: 3 }, 5).accepted).toBe(true);
    expect(gate.highestFencingToken).toBe(3);
  });
});

describe('recoveryCommandRefusal', () => {
  const command = (
    action: RecoveryCommand['action'],
    overrides: Partial<RecoveryCommand> = {},
  ): RecoveryCommand =>
    createMessage(RecoveryCommand, {
      commandId: 'r1',
      action,
      agentId: 'a1',
      hostId: 'h1',
      incarnation: 7,
      fencingToken: 1,
      attempt: 1,
      timeoutMs: 1000,
      reason: { summary: 'test' },
      issuedBy: 'coordinator',
      issuedAt: new Date(0).toISOString(),
      ...overrides,
    });

  it('refuses a command for another host', () => {
    expect(
      recoveryCommandRefusal(
        command('restart', { hostId: 'h2' }),
        'h1',
        { incarnation: 7, buildable: true },
        new CommandGate(),
      ),
    ).toBe('addressed to host h2, this is h1');
  });

  it('restarts only the incarnation it has, and only when it can build the agent again', () => {
    expect(
      recoveryCommandRefusal(
        command('restart'),
        'h1',
        { incarnation: 7, buildable: true },
        new CommandGate(),
      ),
    ).toBeUndefined();
    expect(
      recoveryCommandRefusal(
        command('restart'),
        'h1',
        { incarnation: 8, buildable: true },
        new CommandGate(),
      ),
    ).toContain('incarnation 7');
    expect(
      recoveryCommandRefusal(
        command('restart'),
        'h1',
        { incarnation: 7, buildable: false },
        new CommandGate(),
      ),
    ).toContain('no factory');
    expect(recoveryCommandRefusal(command('stop'), 'h1', { buildable: true }, new CommandGate())).toContain(
      'does not run',
    );
  });

  it('starts a replacement it never ran when buildable, still fenced', () => {
    const gate = new CommandGate();
    expect(recoveryCommandRefusal(command('replace'), 'h1', { buildable: true }, gate)).toBeUndefined();
    expect(recoveryCommandRefusal(command('replace'), 'h1', { buildable: false }, gate)).toContain(
      'no factory',
    );
    gate.accept({ commandId: 'x', incarnation: 1, fencingToken: 4 });
    expect(recoveryCommandRefusal(command('replace'), 'h1', { buildable: true }, gate)).toBe(
      'stale fencing token 1 < 4',
    );
  });
});
