import type { AgentHealthRecord } from '@warden/contracts';
import { elapsedAtPhi } from '../phi/phi';
import { StallLog } from '../self-health/stall-log';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../settings/detection-settings';
import { FleetMonitor } from './fleet-monitor';
import { heartbeat } from './heartbeat.test-helper';
import type { ProtocolViolation } from './protocol-violation';
import type { SilenceVerdict } from './silence-verdict';

const settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS;
const { threshold, acceptableHeartbeatPauseMs } = settings.heartbeatTimeout;
/** Regular 1 s beats: mean 1000 + pause, deviation floored at 100 ms. */
const CONVICT_AFTER_MS = elapsedAtPhi(threshold, 1_000 + acceptableHeartbeatPauseMs, 100);

/** `agent-1` beats every second from t = 0 to t = (beats − 1) s; returns the last beat's time. */
function beatRegularly(
  monitor: FleetMonitor,
  stalls: StallLog,
  beats: number,
  first = 1,
  incarnation = 1,
): number {
  let at = 0;
  for (let i = 0; i < beats; i++) {
    at = (first - 1 + i) * 1_000;
    monitor.observe(heartbeat({ sequence: first + i, incarnation }), at, stalls);
  }
  return at;
}

/** Ticks every 100 ms over (from, to]; every verdict. */
function tick(monitor: FleetMonitor, stalls: StallLog, from: number, to: number): SilenceVerdict[] {
  const verdicts: SilenceVerdict[] = [];
  for (let now = from + 100; now <= to; now += 100) verdicts.push(...monitor.evaluate(now, stalls));
  return verdicts;
}

function record(overrides: Partial<AgentHealthRecord> = {}): AgentHealthRecord {
  return {
    agentId: 'agent-1',
    hostId: 'host-1',
    zone: 'zone-a',
    capabilities: [],
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1_000,
    state: 'healthy',
    stateSince: new Date(0).toISOString(),
    reasons: [],
    score: 1,
    load: {
      capacity: 4,
      inFlightTasks: 0,
      queueDepth: 0,
      cpuRatio: 0,
      memoryBytes: 0,
      latencyEwmaMs: 0,
      errorRatio: 0,
    },
    tasksCompleted: 0,
    tasksFailed: 0,
    lastSequence: 40,
    lastHeartbeatAt: new Date(0).toISOString(),
    ...overrides,
  } as AgentHealthRecord;
}

describe('FleetMonitor', () => {
  let monitor: FleetMonitor;
  let stalls: StallLog;
  beforeEach(() => {
    monitor = new FleetMonitor(settings);
    stalls = new StallLog(600_000);
  });

  it('suspects, then convicts a silent agent once, with the evidence of the silence', () => {
    const last = beatRegularly(monitor, stalls, 60);
    const verdicts = tick(monitor, stalls, last, last + 20_000);
    expect(verdicts.map((verdict) => verdict.kind)).toEqual(['suspicion', 'conviction']);
    const conviction = verdicts[1];
    expect(conviction).toMatchObject({
      agent: { agentId: 'agent-1', hostId: 'host-1', zone: 'zone-a', incarnation: 1 },
      phiThreshold: threshold,
      intervalMeanMs: 1_000,
      intervalStdDevMs: 100,
      lastHeartbeatAt: last,
      lastSequence: 60,
      excusedMs: 0,
    });
    expect(conviction.phi).toBeGreaterThanOrEqual(threshold);
    // The first 100 ms tick at or after the crossing.
    expect(conviction.silenceMs).toBe(Math.ceil(CONVICT_AFTER_MS / 100) * 100);
  });

  it('counts a heartbeat after a conviction (same incarnation) as a false positive, and re-arms', () => {
    const last = beatRegularly(monitor, stalls, 30);
    tick(monitor, stalls, last, last + 6_000);
    const outcome = monitor.observe(heartbeat({ sequence: 31 }), last + 6_500, stalls);
    expect(outcome.admission).toBe('next');
    expect(outcome.falsePositive).toMatchObject({ agent: { agentId: 'agent-1' }, silenceMs: 6_500 });
    // The 6.5 s gap was an outlier: not learned, so detection is as fast as before.
    expect(monitor.get('agent-1')?.detector.intervalMeanMs()).toBe(1_000);
    const again = tick(monitor, stalls, last + 6_500, last + 20_000).filter((v) => v.kind === 'conviction');
    expect(again).toHaveLength(1);
    expect(again[0].lastSequence).toBe(31);
  });

  describe("protocol violations (heartbeats on the agent's subject that fail validation)", () => {
    const { invalidHeartbeats, windowMs } = settings.protocolViolation;
    const REASON = 'validation: cpuRatio must not be greater than 1';

    /** `count` invalid beats of `agent-1` one `everyMs` apart after `from`; the violations reported. */
    function sendInvalid(from: number, count: number, everyMs = 1_000): ProtocolViolation[] {
      const violations: ProtocolViolation[] = [];
      for (let i = 1; i <= count; i++) {
        const violation = monitor.observeInvalid('agent-1', from + i * everyMs, REASON);
        if (violation) violations.push(violation);
      }
      return violations;
    }

    it('convicts a monitored agent once after invalidHeartbeats invalid beats within windowMs; no heartbeat timeout follows', () => {
      const last = beatRegularly(monitor, stalls, 30);
      const violations = sendInvalid(last, invalidHeartbeats + 5);
      expect(violations).toEqual([
        {
          agent: { agentId: 'agent-1', hostId: 'host-1', zone: 'zone-a', incarnation: 1 },
          invalidCount: invalidHeartbeats,
          windowMs,
          lastReason: REASON,
          lastHeartbeatAt: last,
          lastSequence: 30,
          detectedAt: last + invalidHeartbeats * 1_000,
        },
      ]);
      expect(tick(monitor, stalls, last, last + 60_000)).toEqual([]);
    });

    it('does not convict invalid beats spread wider than windowMs, nor an agent it does not monitor', () => {
      const last = beatRegularly(monitor, stalls, 30);
      expect(sendInvalid(last, 10, windowMs / (invalidHeartbeats - 1) + 1)).toEqual([]);
      expect(monitor.observeInvalid('agent-unknown', last, REASON)).toBeUndefined();
    });

    it('convicts once per episode: bad beats between good ones keep it open; windowMs without one ends it', () => {
      const last = beatRegularly(monitor, stalls, 30);
      expect(sendInvalid(last, invalidHeartbeats)).toHaveLength(1);
      const resumed = last + (invalidHeartbeats + 1) * 1_000;
      const outcome = monitor.observe(heartbeat({ sequence: 31 }), resumed, stalls);
      // A valid beat re-arms φ, and the conviction was no false positive: the beats were invalid.
      expect(outcome.falsePositive).toBeUndefined();
      expect(monitor.get('agent-1')?.convicted).toBeUndefined();
      expect(sendInvalid(resumed, invalidHeartbeats)).toEqual([]);
      const quietAfter = resumed + invalidHeartbeats * 1_000 + windowMs;
      monitor.observe(heartbeat({ sequence: 32 }), quietAfter, stalls);
      const again = sendInvalid(quietAfter, invalidHeartbeats);
      expect(again.map((violation) => violation.lastSequence)).toEqual([32]);
    });

    it('does not judge an agent that announced it is leaving', () => {
      beatRegularly(monitor, stalls, 30);
      monitor.observe(heartbeat({ sequence: 31, lifecycle: 'draining' }), 30_000, stalls);
      expect(sendInvalid(30_000, invalidHeartbeats + 2)).toEqual([]);
    });
  });

  describe('when an agent beats slower within one incarnation', () => {
    /** 1 s beats up to `from`, then one beat every `intervalMs` (announcing `announcedMs`); convictions per beat. */
    function slowDown(from: number, beats: number, intervalMs: number, announcedMs = 1_000): number[] {
      const convictionsPerBeat: number[] = [];
      let at = from;
      for (let i = 0; i < beats; i++) {
        const verdicts = tick(monitor, stalls, at, at + intervalMs);
        convictionsPerBeat.push(verdicts.filter((verdict) => verdict.kind === 'conviction').length);
        at += intervalMs;
        monitor.observe(heartbeat({ sequence: 61 + i, intervalMs: announcedMs }), at, stalls);
      }
      return convictionsPerBeat;
    }

    it('re-learns an unannounced slower rhythm: convicted on at most relearnAfterLateBeats beats, then never', () => {
      const last = beatRegularly(monitor, stalls, 60);
      const convictions = slowDown(last, 30, 5_000);
      const { relearnAfterLateBeats } = settings.heartbeatTimeout;
      expect(convictions.slice(0, relearnAfterLateBeats)).toEqual(Array(relearnAfterLateBeats).fill(1));
      expect(convictions.slice(relearnAfterLateBeats)).toEqual(Array(30 - relearnAfterLateBeats).fill(0));
      expect(monitor.get('agent-1')?.detector.intervalMeanMs()).toBeCloseTo(5_000, 6);
    });

    it('restarts learning from a newly announced interval: never convicted when the change is announced', () => {
      const last = beatRegularly(monitor, stalls, 60);
      monitor.observe(heartbeat({ sequence: 61, intervalMs: 5_000 }), last + 1_000, stalls);
      expect(monitor.get('agent-1')?.detector.intervalMeanMs()).toBe(5_000);
      let at = last + 1_000;
      const verdicts: SilenceVerdict[] = [];
      for (let i = 0; i < 20; i++) {
        verdicts.push(...tick(monitor, stalls, at, at + 5_000));
        at += 5_000;
        monitor.observe(heartbeat({ sequence: 62 + i, intervalMs: 5_000 }), at, stalls);
      }
      expect(verdicts).toEqual([]);
      // And a crash at the new rhythm is still convicted.
      const afterCrash = tick(monitor, stalls, at, at + 30_000);
      expect(afterCrash.filter((verdict) => verdict.kind === 'conviction')).toHaveLength(1);
    });
  });

  it('treats a new incarnation as a restart: history reset, no false positive', () => {
    const last = beatRegularly(monitor, stalls, 30);
    tick(monitor, stalls, last, last + 6_000);
    const outcome = monitor.observe(
      heartbeat({ sequence: 1, incarnation: 2, intervalMs: 2_000 }),
      last + 7_000,
      stalls,
    );
    expect(outcome.admission).toBe('restart');
    expect(outcome.falsePositive).toBeUndefined();
    const agent = monitor.get('agent-1');
    expect(agent?.identity.incarnation).toBe(2);
    expect(agent?.detector.intervalMeanMs()).toBe(2_000);
    expect(agent?.convicted).toBeUndefined();
  });

  describe('process crashes (an incarnation replaced before φ convicted it)', () => {
    it('reports the old incarnation crashed when a new one replaces it without a stop announced', () => {
      const last = beatRegularly(monitor, stalls, 30);
      const outcome = monitor.observe(heartbeat({ sequence: 1, incarnation: 2 }), last + 1_200, stalls);
      expect(outcome.admission).toBe('restart');
      expect(outcome.crash).toEqual({
        agent: { agentId: 'agent-1', hostId: 'host-1', zone: 'zone-a', incarnation: 1 },
        lastHeartbeatAt: last,
        lastSequence: 30,
        replacedBy: 2,
        detectedAt: last + 1_200,
      });
      expect(tick(monitor, stalls, last + 1_200, last + 3_000)).toEqual([]);
    });

    it('reports no crash when the old incarnation announced its stop or had already been convicted', () => {
      const last = beatRegularly(monitor, stalls, 30);
      monitor.observe(heartbeat({ sequence: 31, lifecycle: 'stopping' }), last + 500, stalls);
      const graceful = monitor.observe(heartbeat({ sequence: 1, incarnation: 2 }), last + 900, stalls);
      expect(graceful.crash).toBeUndefined();

      const convicting = new FleetMonitor(settings);
      beatRegularly(convicting, stalls, 30);
      tick(convicting, stalls, last, last + 10_000);
      const afterConviction = convicting.observe(
        heartbeat({ sequence: 1, incarnation: 2 }),
        last + 10_500,
        stalls,
      );
      expect(afterConviction.admission).toBe('restart');
      expect(afterConviction.crash).toBeUndefined();
    });
  });

  it('ignores stale and duplicate heartbeats', () => {
    beatRegularly(monitor, stalls, 5, 1, 5);
    expect(monitor.observe(heartbeat({ sequence: 9, incarnation: 4 }), 5_000, stalls).admission).toBe(
      'stale',
    );
    expect(monitor.observe(heartbeat({ sequence: 5, incarnation: 5 }), 5_000, stalls).admission).toBe(
      'duplicate',
    );
    expect(monitor.get('agent-1')?.detector.lastHeartbeatAt).toBe(4_000);
  });

  it.each(['draining', 'stopping', 'stopped'] as const)(
    'never convicts an agent that announced %s',
    (lifecycle) => {
      const last = beatRegularly(monitor, stalls, 30);
      monitor.observe(
        heartbeat({ sequence: 31, lifecycle, errorRatio: 1, tasksFailed: 50 }),
        last + 1_000,
        stalls,
      );
      expect(tick(monitor, stalls, last + 1_000, last + 60_000)).toEqual([]);
    },
  );

  it('resumes detection when a drained agent is ready again', () => {
    const last = beatRegularly(monitor, stalls, 30);
    monitor.observe(heartbeat({ sequence: 31, lifecycle: 'draining' }), last + 1_000, stalls);
    monitor.observe(heartbeat({ sequence: 32, lifecycle: 'ready' }), last + 2_000, stalls);
    expect(tick(monitor, stalls, last + 2_000, last + 20_000).map((v) => v.kind)).toContain('conviction');
  });

  it('reports signal findings only while the agent is not leaving', () => {
    const signals = structuredClone(settings);
    signals.signals.resourceExhaustion.forMs = 2_000;
    const local = new FleetMonitor(signals);
    const found = [];
    for (let i = 0; i < 5; i++)
      found.push(
        ...local.observe(heartbeat({ sequence: i + 1, cpuRatio: 0.99 }), i * 1_000, stalls).findings,
      );
    expect(found.map((finding) => finding.failureType)).toEqual(['resource-exhaustion']);
    const draining = [];
    for (let i = 5; i < 10; i++)
      draining.push(
        ...local.observe(
          heartbeat({ sequence: i + 1, cpuRatio: 0.99, lifecycle: 'draining' }),
          i * 1_000,
          stalls,
        ).findings,
      );
    expect(draining).toEqual([]);
  });

  describe('taking a partition over', () => {
    it('starts the silence clock at the takeover: a live agent is not convicted for the handover', () => {
      // Its last heartbeat in the registry is 10 s old (the previous owner died), older than any tolerance.
      expect(monitor.adopt(record({ lastHeartbeatAt: new Date(0).toISOString() }), 10_000, 600_000)).toBe(
        true,
      );
      expect(tick(monitor, stalls, 10_000, 11_000)).toEqual([]);
      const outcome = monitor.observe(heartbeat({ sequence: 41 }), 11_000, stalls);
      expect(outcome.admission).toBe('next');
      expect(outcome.falsePositive).toBeUndefined();
      expect(tick(monitor, stalls, 11_000, 12_000)).toEqual([]);
    });

    it('still convicts an agent that died before the takeover, with its last sequence from the registry', () => {
      monitor.adopt(record(), 10_000, 600_000);
      const convictions = tick(monitor, stalls, 10_000, 30_000).filter((v) => v.kind === 'conviction');
      expect(convictions).toHaveLength(1);
      expect(convictions[0].lastSequence).toBe(40);
      // Seeded history: mean 1000, deviation 250 (estimate / 4); silence counted from the takeover.
      const bound = elapsedAtPhi(threshold, 1_000 + acceptableHeartbeatPauseMs, 250);
      expect(convictions[0].silenceMs).toBe(Math.ceil(bound / 100) * 100);
    });

    it('does not take over agents that stopped or have been silent for longer than the forget age', () => {
      expect(monitor.adopt(record({ lifecycle: 'stopped' }), 10_000, 600_000)).toBe(false);
      expect(monitor.adopt(record({ agentId: 'agent-2' }), 700_000, 600_000)).toBe(false);
      expect(monitor.size).toBe(0);
    });
  });

  describe('self-health', () => {
    it('does not convict for silence the detector caused itself, and says so when it convicts after a stall', () => {
      const last = beatRegularly(monitor, stalls, 60);
      // The detector stalled for 3 s right after the last beat: heartbeats were sent but not read.
      stalls.record({ from: last + 500, to: last + 3_500, cause: 'event-loop' });
      const at = last + Math.ceil(CONVICT_AFTER_MS / 100) * 100 + 100;
      expect(monitor.evaluate(at, stalls).filter((v) => v.kind === 'conviction')).toEqual([]);
      // Widened by exactly the stall: convicted 3 s later than without it.
      const verdicts = tick(monitor, stalls, at, last + 20_000).filter((v) => v.kind === 'conviction');
      expect(verdicts).toHaveLength(1);
      expect(verdicts[0].excusedMs).toBe(3_000);
      expect(verdicts[0].silenceMs).toBe(Math.ceil((CONVICT_AFTER_MS + 3_000) / 100) * 100);
    });

    it('does not learn an interval stretched by its own stall', () => {
      const last = beatRegularly(monitor, stalls, 30);
      stalls.record({ from: last + 200, to: last + 2_200, cause: 'event-loop' });
      monitor.observe(heartbeat({ sequence: 31 }), last + 2_300, stalls);
      expect(monitor.get('agent-1')?.detector.intervalMeanMs()).toBe(1_000);
    });

    it('convicts nobody while disconnected from NATS', () => {
      const last = beatRegularly(monitor, stalls, 30);
      stalls.beginBlind(last + 500);
      expect(tick(monitor, stalls, last, last + 60_000)).toEqual([]);
    });
  });

  it('forgets convicted or stopped agents after they have been silent long enough', () => {
    const last = beatRegularly(monitor, stalls, 30);
    tick(monitor, stalls, last, last + 10_000);
    expect(monitor.forgetIdle(last + 30_000, 60_000)).toEqual([]);
    expect(monitor.forgetIdle(last + 70_000, 60_000).map((agent) => agent.agentId)).toEqual(['agent-1']);
  });
});
