import { BreakerTransition, createMessage, type BreakerState } from '@warden/contracts';
import { isResolved, type AlertRecord } from '../domain/alert';
import { applyAlertChange } from './apply-alert-change';
import { AlertTranslator } from './alert-translator';

const translator = new AlertTranslator(300_000);
const T0 = Date.parse('2026-06-01T00:00:00.000Z');

const transition = (previousState: BreakerState, state: BreakerState, at: number, generation: number) =>
  createMessage(BreakerTransition, {
    agentId: 'agent-7',
    previousState,
    state,
    generation,
    consecutiveOpenings: state === 'open' ? 1 : 0,
    ...(state === 'open' ? { openUntil: new Date(at + 5_000).toISOString() } : {}),
    failureRatio: 0.6,
    consecutiveFailures: 5,
    reason: '5 consecutive failures',
    decidedBy: 'load-balancer-1',
    decidedAt: new Date(at).toISOString(),
  });

describe('circuit breaker alerts', () => {
  it('fires when an agent’s breaker opens, labelled with the agent, with the transition as evidence', () => {
    const change = translator.fromBreaker(transition('closed', 'open', T0, 1));
    const alert = applyAlertChange(undefined, change!, T0) as AlertRecord;
    expect(alert.labels).toEqual({
      alertname: 'AgentCircuitOpen',
      agent: 'agent-7',
      severity: 'medium',
      type: 'circuit-open',
    });
    expect(isResolved(alert, T0)).toBe(false);
    expect(alert.evidence.map((link) => link.kind)).toEqual(['breaker']);
  });

  it('changes nothing on half-open and resolves the same alert when the breaker closes', () => {
    const open = applyAlertChange(
      undefined,
      translator.fromBreaker(transition('closed', 'open', T0, 1))!,
      T0,
    );
    expect(translator.fromBreaker(transition('open', 'half-open', T0 + 5_000, 2))).toBeUndefined();
    const closed = translator.fromBreaker(transition('half-open', 'closed', T0 + 6_000, 3))!;
    expect(closed.kind).toBe('resolve');
    const resolved = applyAlertChange(open, closed, T0 + 6_000) as AlertRecord;
    expect(resolved.fingerprint).toBe((open as AlertRecord).fingerprint);
    expect(isResolved(resolved, T0 + 6_000)).toBe(true);
  });
});
