import { createMessage, FailureDetected, RecoveryEvent, type FailureType } from '@warden/contracts';
import { isResolved, type AlertRecord } from '../domain/alert';
import { applyAlertChange } from './apply-alert-change';
import { AlertTranslator } from './alert-translator';

const translator = new AlertTranslator(300_000);
const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

const failure = (at: number, failureId = 'f-1', failureType: FailureType = 'process-crash') =>
  createMessage(FailureDetected, {
    failureId,
    agentId: 'agent-1',
    hostId: 'host-1',
    zone: 'z1',
    incarnation: 1,
    failureType,
    severity: 'high',
    detectedBy: 'fd-1',
    detectedAt: iso(at),
    evidence: { silenceMs: 3000 },
    summary: 'agent-1 stopped answering',
  });

const recovered = (at: number) =>
  createMessage(RecoveryEvent, {
    commandId: 'cmd-1',
    phase: 'succeeded',
    action: 'restart',
    agentId: 'agent-1',
    hostId: 'host-1',
    incarnation: 2,
    fencingToken: 4,
    attempt: 1,
    reason: { failureId: 'f-1', summary: 'process-crash' },
    occurredAt: iso(at),
  });

describe('alert changes from events', () => {
  it('fires a failure alert labelled with agent, host, zone, severity and type', () => {
    const alert = applyAlertChange(undefined, translator.fromFailure(failure(T0)), T0) as AlertRecord;
    expect(alert.labels).toEqual({
      alertname: 'AgentFailure',
      agent: 'agent-1',
      host: 'host-1',
      zone: 'z1',
      severity: 'high',
      type: 'process-crash',
    });
    expect(isResolved(alert, T0)).toBe(false);
  });

  it('resolves a process crash after resolve_timeout: it is told by the new incarnation, so no recovery follows', () => {
    const alert = applyAlertChange(undefined, translator.fromFailure(failure(T0)), T0) as AlertRecord;
    expect(alert.endsAt).toBe(T0 + 300_000);
    expect(isResolved(alert, T0 + 299_999)).toBe(false);
    expect(isResolved(alert, T0 + 300_000)).toBe(true);
  });

  it('keeps a heartbeat timeout firing until a recovery resolves it', () => {
    const alert = applyAlertChange(
      undefined,
      translator.fromFailure(failure(T0, 'f-1', 'heartbeat-timeout')),
      T0,
    ) as AlertRecord;
    expect(alert.endsAt).toBeUndefined();
    expect(isResolved(alert, T0 + 24 * 3_600_000)).toBe(false);
  });

  it('resolves it when recovery succeeds, linking the recovery as evidence', () => {
    const firing = applyAlertChange(undefined, translator.fromFailure(failure(T0)), T0);
    const change = translator.fromRecovery(recovered(T0 + 5_000));
    const resolved = applyAlertChange(firing, change as never, T0 + 5_000) as AlertRecord;
    expect(resolved.fingerprint).toBe(firing?.fingerprint);
    expect(resolved.endsAt).toBe(T0 + 5_000);
    expect(resolved.evidence.map((link) => `${link.kind}:${link.ref}`)).toEqual([
      'failure:f-1',
      'recovery:cmd-1',
    ]);
  });

  it('does not fire again for a failure that arrives after the recovery that fixed it', () => {
    const tombstone = applyAlertChange(
      undefined,
      translator.fromRecovery(recovered(T0 + 5_000)) as never,
      T0 + 5_000,
    );
    const late = applyAlertChange(tombstone, translator.fromFailure(failure(T0)), T0 + 6_000) as AlertRecord;
    expect(isResolved(late, T0 + 6_000)).toBe(true);
    expect(late.evidence.map((link) => link.kind)).toEqual(['recovery', 'failure']);
  });

  it('fires a new episode for a failure after the resolution', () => {
    const firing = applyAlertChange(undefined, translator.fromFailure(failure(T0)), T0);
    const resolved = applyAlertChange(
      firing,
      translator.fromRecovery(recovered(T0 + 5_000)) as never,
      T0 + 5_000,
    );
    const again = applyAlertChange(
      resolved,
      translator.fromFailure(failure(T0 + 60_000, 'f-2')),
      T0 + 60_000,
    ) as AlertRecord;
    expect(isResolved(again, T0 + 60_000)).toBe(false);
    expect(again.startsAt).toBe(T0 + 60_000);
  });

  it('ignores a redelivered event', () => {
    const firing = applyAlertChange(undefined, translator.fromFailure(failure(T0)), T0);
    const resolved = applyAlertChange(
      firing,
      translator.fromRecovery(recovered(T0 + 5_000)) as never,
      T0 + 5_000,
    );
    expect(
      applyAlertChange(resolved, translator.fromRecovery(recovered(T0 + 5_000)) as never, T0 + 6_000),
    ).toBeUndefined();
  });
});
