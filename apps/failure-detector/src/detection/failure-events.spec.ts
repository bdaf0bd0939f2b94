import { parseMessage, FailureDetected, AgentSuspected } from '@warden/contracts';
import { failureIdOf } from './failure-id';
import {
  heartbeatTimeoutEvent,
  processCrashEvent,
  protocolViolationEvent,
  signalFailureEvent,
  suspicionEvent,
} from './failure-events';
import type { SilenceVerdict } from './silence-verdict';

const verdict: SilenceVerdict = {
  kind: 'conviction',
  agent: { agentId: 'agent-1', hostId: 'host-1', zone: 'zone-a', incarnation: 7 },
  phi: 8.4321,
  phiThreshold: 8,
  silenceMs: 4_600,
  excusedMs: 0,
  intervalMeanMs: 1_000.04,
  intervalStdDevMs: 100,
  lastHeartbeatAt: 1_700_000_000_000,
  lastSequence: 42,
  detectedAt: 1_700_000_004_600,
};

describe('failure events', () => {
  it('names a heartbeat timeout by agent, incarnation, type and last sequence: the same on every replica', () => {
    const event = heartbeatTimeoutEvent(verdict, 'high', 'detector-a');
    expect(event.failureId).toBe(failureIdOf('agent-1', 7, 'heartbeat-timeout', 42));
    expect(heartbeatTimeoutEvent(verdict, 'high', 'detector-b').failureId).toBe(event.failureId);
    expect(heartbeatTimeoutEvent({ ...verdict, lastSequence: 43 }, 'high', 'detector-a').failureId).not.toBe(
      event.failureId,
    );
    expect(parseMessage(FailureDetected, JSON.parse(JSON.stringify(event)) as unknown)).toMatchObject({
      failureType: 'heartbeat-timeout',
      evidence: {
        phi: 8.432,
        silenceMs: 4_600,
        intervalMeanMs: 1_000,
        intervalStdDevMs: 100,
        lastSequence: 42,
      },
    });
    expect(event.evidence.note).toBeUndefined();
    expect(event.patternId).toBeUndefined();
  });

  it('says in the evidence when part of the silence was the detector’s own stall, and carries the pattern', () => {
    const event = heartbeatTimeoutEvent({ ...verdict, excusedMs: 1_200 }, 'high', 'detector-a', 'pattern-9');
    expect(event.evidence.note).toMatch(/stalled or disconnected for 1200 ms of this 4600 ms silence/);
    expect(event.patternId).toBe('pattern-9');
  });

  it('names a signal failure by the heartbeat its episode began with', () => {
    const event = signalFailureEvent(
      verdict.agent,
      {
        rule: 'stuck',
        failureType: 'stuck',
        severity: 'high',
        condition: {
          metric: 'inFlightTasks',
          value: 2,
          threshold: 0,
          note: '2 tasks in flight and none finished',
        },
        heldMs: 300_000,
        episodeSequence: 17,
      },
      verdict.lastHeartbeatAt,
      320,
      verdict.detectedAt,
      'detector-a',
    );
    expect(event.failureId).toBe(failureIdOf('agent-1', 7, 'stuck', 17));
    expect(
      parseMessage(FailureDetected, JSON.parse(JSON.stringify(event)) as unknown).evidence.metric,
    ).toEqual({
      metric: 'inFlightTasks',
      value: 2,
      threshold: 0,
      windowMs: 300_000,
    });
  });

  it('builds a valid suspicion', () => {
    const event = suspicionEvent({ ...verdict, kind: 'suspicion', phiThreshold: 5, phi: 5.1 }, 'detector-a');
    expect(parseMessage(AgentSuspected, JSON.parse(JSON.stringify(event)) as unknown)).toMatchObject({
      agentId: 'agent-1',
      phiThreshold: 5,
      lastSequence: 42,
    });
  });

  it('names a protocol violation by agent, incarnation, type and the last valid sequence; the evidence says why', () => {
    const violation = {
      agent: verdict.agent,
      invalidCount: 3,
      windowMs: 10_000,
      lastReason: 'validation: cpuRatio must not be greater than 1',
      lastHeartbeatAt: 1_700_000_000_000,
      lastSequence: 42,
      detectedAt: 1_700_000_003_000,
    };
    const event = protocolViolationEvent(violation, 'high', 'detector-a');
    expect(event.failureId).toBe(failureIdOf('agent-1', 7, 'protocol-violation', 42));
    expect(parseMessage(FailureDetected, JSON.parse(JSON.stringify(event)) as unknown)).toMatchObject({
      failureType: 'protocol-violation',
      severity: 'high',
      detectedAt: new Date(1_700_000_003_000).toISOString(),
      evidence: { lastSequence: 42, lastHeartbeatAt: new Date(1_700_000_000_000).toISOString() },
    });
    expect(event.evidence.note).toContain('3 invalid heartbeats within 10 s');
    expect(event.evidence.note).toContain('cpuRatio must not be greater than 1');
  });

  it('names a process crash by agent, the crashed incarnation, type and its last sequence', () => {
    const crash = {
      agent: verdict.agent,
      lastHeartbeatAt: 1_700_000_000_000,
      lastSequence: 42,
      replacedBy: 9,
      detectedAt: 1_700_000_000_800,
    };
    const event = processCrashEvent(crash, 'high', 'detector-a');
    expect(event.failureId).toBe(failureIdOf('agent-1', 7, 'process-crash', 42));
    expect(parseMessage(FailureDetected, JSON.parse(JSON.stringify(event)) as unknown)).toMatchObject({
      incarnation: 7,
      failureType: 'process-crash',
      evidence: { lastSequence: 42, silenceMs: 800 },
    });
    expect(event.evidence.note).toContain('replaced by incarnation 9');
  });
});
