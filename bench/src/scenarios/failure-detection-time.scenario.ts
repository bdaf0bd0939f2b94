import { connect } from '@nats-io/transport-node';
import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { withNatsServer } from '../workloads/with-nats-server';
import { CrashVictims, FalsePositivesError } from './failure-detection/crash-victims';
import { DetectorProcess } from './failure-detection/detector-process';
import { FailureWatch } from './failure-detection/failure-watch';
import { JitteredFleet } from './failure-detection/jittered-fleet';
import { DEFAULT_PHI, theoreticalDetectionMs } from './failure-detection/theoretical-detection-bound';

const AGENTS = 10_000;
const INTERVAL_MS = 1_000;
const JITTER = 0.2;
/** Beats every agent sends before the first crash, so each has a history. */
const WARM_UP_MS = 5_000;
/** Full mode keeps the healthy fleet under watch at least this long: false positives need time to show. */
const FULL_SOAK_MS = 180_000;

export const failureDetectionTimeScenario: Scenario = {
  name: 'failure-detection-time',
  description:
    `ONE failure-detector process (built service, default φ: threshold 8, pause 3 s, σ floor 100 ms) watching ` +
    `${AGENTS.toLocaleString('en')} agents beating every 1 s ± 20 %; per repetition agents crash at random moments ` +
    'and the latency is last heartbeat sent → FailureDetected received. Also: false positives among the agents ' +
    'that kept beating (any fails the scenario) and the detector’s CPU for the whole fleet.',
  baseline:
    'the theoretical bound for the same agents: the silence at which φ reaches 8 given the intervals they beat at ' +
    '(mean + 3 s pause + y·σ, y ≈ 5.22), computed from the specification with no transport and no tick',
  goal: {
    text: 'issue 4: detection p99 ≤ acceptable pause + 2 intervals (5,000 ms)',
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: DEFAULT_PHI.acceptableHeartbeatPauseMs + 2 * INTERVAL_MS,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const crashesPerRepetition = context.profile.mode === 'quick' ? 10 : 40;
      const detector = await DetectorProcess.launch(server.url);
      const watcher = await connect({ servers: server.url, name: 'bench-failure-watch' });
      const watch = new FailureWatch(watcher);
      await watcher.flush();
      const fleet = await JitteredFleet.start(server.url, AGENTS, INTERVAL_MS, JITTER);
      const victims = new CrashVictims(fleet);
      const silences: number[] = [];
      const deviations: number[] = [];
      let excused = 0;
      try {
        await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
        const startedAt = performance.now();
        const costBefore = await detector.cost();
        const comparison = await compareLatency(
          context,
          {
            label: 'theoretical bound (φ = 8 for each agent’s intervals)',
            measure: () =>
              Promise.resolve({
                latenciesMs: victims
                  .peek(crashesPerRepetition)
                  .map((index) => theoreticalDetectionMs(fleet.intervalsOf(index), INTERVAL_MS, DEFAULT_PHI)),
              }),
          },
          {
            label: 'failure-detector process: last heartbeat → FailureDetected',
            measure: async () => {
              const crashes = await victims.crashAndAwait(watch, crashesPerRepetition, INTERVAL_MS, 30_000);
              for (const { failure } of crashes) {
                silences.push(failure.failure.evidence.silenceMs ?? Number.NaN);
                deviations.push(failure.failure.evidence.intervalStdDevMs ?? Number.NaN);
                if (failure.failure.evidence.note) excused++;
              }
              return { latenciesMs: crashes.map((crash) => crash.failure.receivedAt - crash.lastSentAt) };
            },
          },
        );
        const costAfter = await detector.cost();
        const measuredSeconds = (performance.now() - startedAt) / 1_000;
        if (context.profile.mode === 'full' && measuredSeconds * 1_000 < FULL_SOAK_MS) {
          context.log(`  soaking the healthy fleet until ${FULL_SOAK_MS / 1_000} s have passed`);
          await new Promise((resolve) => setTimeout(resolve, FULL_SOAK_MS - measuredSeconds * 1_000));
        }
        const watchedSeconds = (performance.now() - startedAt) / 1_000 + WARM_UP_MS / 1_000;
        const falsePositives = watch.unexpected(victims.crashed);
        const cores = (costAfter.cpuSeconds - costBefore.cpuSeconds) / measuredSeconds;
        const evaluations = costAfter.evaluations - costBefore.evaluations;
        const evaluationMs =
          ((costAfter.evaluationSeconds - costBefore.evaluationSeconds) / evaluations) * 1_000;
        context.log(
          `  false positives: ${falsePositives.length} among ${AGENTS - victims.crashed.size} agents that kept beating ` +
            `(±${JITTER * 100} % jitter) over ${watchedSeconds.toFixed(0)} s`,
        );
        context.log(
          `  detector CPU: ${(cores * 100).toFixed(1)} % of one core for ${AGENTS.toLocaleString('en')} agents at 1 s ` +
            `(${((cores * 100 * 10_000) / AGENTS).toFixed(1)} % per 10,000 agents); φ over every agent: ` +
            `${evaluationMs.toFixed(2)} ms per tick (mean of ${evaluations})`,
        );
        const median = (values: number[]): number =>
          [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
        context.log(
          `  the detector's own view at conviction: silence median ${median(silences)} ms, learned deviation median ` +
            `${median(deviations)} ms (uniform ±${JITTER * 100} % of 1 s sent: ${((JITTER * INTERVAL_MS) / Math.sqrt(3)).toFixed(0)} ms); ` +
            `${excused} of ${silences.length} convictions had part of their silence excused by a detector stall`,
        );
        if (falsePositives.length) throw new FalsePositivesError(falsePositives, AGENTS, watchedSeconds);
        return comparison;
      } finally {
        watch.stop();
        await fleet.close();
        await watcher.drain();
        await detector.stop();
      }
    }),
};
