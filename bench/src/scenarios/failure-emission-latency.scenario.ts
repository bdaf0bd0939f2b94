import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { FailureDetected, Subjects } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { compareLatency } from '../framework/compare-alternating';
import { epochNowMs } from '../framework/epoch-clock';
import type { Scenario } from '../framework/scenario';
import { withNatsServer } from '../workloads/with-nats-server';
import { CrashVictims, FalsePositivesError } from './failure-detection/crash-victims';
import { DetectorProcess } from './failure-detection/detector-process';
import { FailureWatch } from './failure-detection/failure-watch';
import { JitteredFleet } from './failure-detection/jittered-fleet';

const AGENTS = 1_000;
const INTERVAL_MS = 250;
/** Short silences so a repetition's crashes are convicted within about a second. */
const RULES = 'heartbeatTimeout:\n  acceptableHeartbeatPauseMs: 250\n';
/**
 * Crashes spread so that a tick rarely convicts more than one agent: this measures one emission. A burst
 * (a zone going down) is convicted in one tick and published one after another, about 1 ms each here.
 */
const CRASH_SPREAD_MS = 3_000;

/** A conviction as the detector publishes it, for the raw baseline to send as pre-encoded bytes. */
function sampleFailure(agentId: string): FailureDetected {
  const at = new Date().toISOString();
  return Object.assign(new FailureDetected(), {
    failureId: `failure-bench-${agentId}`,
    agentId,
    hostId: 'fd-host-1',
    zone: 'zone-0',
    incarnation: 1,
    failureType: 'heartbeat-timeout',
    severity: 'high',
    detectedBy: 'bench',
    detectedAt: at,
    evidence: {
      phi: 8.2,
      phiThreshold: 8,
      silenceMs: 1_400,
      intervalMeanMs: 250,
      intervalStdDevMs: 100,
      lastHeartbeatAt: at,
      lastSequence: 40,
    },
    summary: 'no heartbeat for 1.4 s (φ 8.2 ≥ 8)',
  });
}

export const failureEmissionLatencyScenario: Scenario = {
  name: 'failure-emission-latency',
  description:
    'ONE failure-detector process (built service): from the tick that sees φ cross the threshold (FailureDetected.detectedAt) ' +
    'to the event received by a subscriber — evidence, span, validation, envelope, JetStream publish. ' +
    `${AGENTS.toLocaleString('en')} agents at 250 ms, pause 250 ms; per repetition agents crash at random moments.`,
  baseline:
    'raw @nats-io/jetstream publish of a pre-encoded FailureDetected of the same size → core subscriber, one at a time',
  goal: {
    text: 'issue 4: emission p99 < 10 ms',
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: 10,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const crashesPerRepetition = context.profile.mode === 'quick' ? 20 : 40;
      const detector = await DetectorProcess.launch(server.url, RULES);
      const client = await connect({ servers: server.url, name: 'bench-failure-emission' });
      const watch = new FailureWatch(client);
      await client.flush();
      const fleet = await JitteredFleet.start(server.url, AGENTS, INTERVAL_MS, 0.2);
      const victims = new CrashVictims(fleet);
      const js = jetstream(client);
      const codec = new MessageCodec();
      let rawSent = 0;
      const startedAt = performance.now();
      try {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const comparison = await compareLatency(
          context,
          {
            label: 'raw JetStream publish → subscriber',
            measure: async () => {
              const latenciesMs: number[] = [];
              for (let i = 0; i < crashesPerRepetition; i++) {
                const agentId = `raw-baseline-${rawSent++}`;
                const encoded = codec.encode(FailureDetected, sampleFailure(agentId), { source: 'bench' });
                const sentAt = epochNowMs();
                await js.publish(Subjects.failures('high', agentId), encoded.data, {
                  msgID: encoded.attributes.id,
                  headers: encoded.headers,
                });
                while (!watch.first(agentId)) await new Promise((resolve) => setImmediate(resolve));
                latenciesMs.push((watch.first(agentId)?.receivedAtEpochMs ?? Number.NaN) - sentAt);
              }
              return { latenciesMs };
            },
          },
          {
            label: 'failure-detector: φ crossed (tick) → FailureDetected received',
            measure: async () => {
              const crashes = await victims.crashAndAwait(
                watch,
                crashesPerRepetition,
                CRASH_SPREAD_MS,
                30_000,
              );
              // detectedAt carries whole milliseconds, so this side reads up to 1 ms high (0.5 on average).
              return {
                latenciesMs: crashes.map(
                  (crash) => crash.failure.receivedAtEpochMs - Date.parse(crash.failure.failure.detectedAt),
                ),
              };
            },
          },
        );
        const cost = await detector.cost();
        context.log(
          `  the detector's own view, tick → JetStream ack: mean ${((cost.emissionSeconds / cost.emissions) * 1_000).toFixed(2)} ms over ${cost.emissions} failures`,
        );
        const falsePositives = watch
          .unexpected(victims.crashed)
          .filter((id) => !id.startsWith('raw-baseline-'));
        if (falsePositives.length)
          throw new FalsePositivesError(falsePositives, AGENTS, (performance.now() - startedAt) / 1_000);
        return comparison;
      } finally {
        watch.stop();
        await fleet.close();
        await client.drain();
        await detector.stop();
      }
    }),
};
