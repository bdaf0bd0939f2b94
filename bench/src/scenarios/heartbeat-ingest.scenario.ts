import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { CollectorIngestPipeline } from '../workloads/collector-ingest-pipeline';
import { withNatsServer } from '../workloads/with-nats-server';

const AGENTS = 10_000;

export const heartbeatIngestScenario: Scenario = {
  name: 'heartbeat-ingest',
  description:
    `Heartbeats of ${AGENTS.toLocaleString('en')} agents (SDK subjects, CloudEvents headers, rising sequences) ingested by ONE ` +
    'health-collector process (built service): decode, validate, registry update, snapshots; counted from its metrics.',
  baseline:
    'a raw nats.js subscriber receiving the same heartbeat bytes from the same publisher and only counting them',
  goal: {
    text: 'issue 3: ≥ 0.35 of raw nats.js (and ≥ 100,000 heartbeats/s per instance)',
    metric: 'msgsPerSecond',
    of: 'ratio',
    comparison: 'atLeast',
    value: 0.35,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const pipeline = await CollectorIngestPipeline.open(server.url, AGENTS);
      try {
        const comparison = await compareThroughput(
          context,
          pipeline.rawTrial('raw nats.js subscriber (heartbeat bytes)', context.profile),
          pipeline.collectorTrial('health-collector process ingesting heartbeats', context.profile),
        );
        const memory = await pipeline.residentMemory();
        const perTenThousand = ((memory.afterBytes - memory.beforeBytes) / memory.agents) * 10_000;
        context.log(
          `  health-collector RSS: ${(memory.beforeBytes / 2 ** 20).toFixed(0)} MiB idle → ` +
            `${(memory.afterBytes / 2 ** 20).toFixed(0)} MiB with ${memory.agents} agents ` +
            `(≈ ${(perTenThousand / 2 ** 20).toFixed(1)} MiB per 10,000 agents)`,
        );
        return comparison;
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${pipeline.diagnosis()}`, { cause: error });
      } finally {
        await pipeline.close();
      }
    }),
};
