import { HEARTBEAT_PARTITIONS } from '@warden/contracts';
import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario, ScenarioContext } from '../framework/scenario';
import type { Comparison } from '../framework/repetition';
import { CollectorFleet, type OnceEvidence } from '../workloads/collector-fleet';
import { withNatsServer } from '../workloads/with-nats-server';

const AGENTS = 10_000;

/** A heartbeat counted by no replica or by two: the scale-out would be measuring loss or double work. */
export class NotHandledOnceError extends Error {
  override readonly name = 'NotHandledOnceError';

  constructor(readonly evidence: OnceEvidence) {
    super(
      `${describe(evidence)}: handled must equal sent and partitions must sum to ${HEARTBEAT_PARTITIONS}`,
    );
  }
}

function describe(evidence: OnceEvidence): string {
  return (
    `${evidence.replicas} collector(s): ${evidence.sent} heartbeats sent, ${evidence.handled} handled ` +
    `(summed over replicas; ${evidence.accepted} accepted), ${evidence.ownershipRoundFailures} failed lease round(s), ` +
    `${evidence.partitionsLost} partition(s) lost, ` +
    `partitions owned ${evidence.partitionsOwned.join(' + ')}`
  );
}

async function checkHandledOnce(fleet: CollectorFleet, context: ScenarioContext): Promise<void> {
  const evidence = await fleet.evidence();
  const partitions = evidence.partitionsOwned.reduce((sum, owned) => sum + owned, 0);
  if (evidence.handled !== evidence.sent || partitions !== HEARTBEAT_PARTITIONS)
    throw new NotHandledOnceError(evidence);
  context.log(`  handled once: ${describe(evidence)} = ${partitions}`);
  context.log(
    `  collector CPU during the repetitions: ${evidence.cpuSeconds.toFixed(2)} s over ${evidence.replicas} process(es) ` +
      `for ${evidence.measuredBeats} heartbeats = ` +
      `${Math.round(evidence.measuredBeats / evidence.cpuSeconds).toLocaleString('en')} heartbeats per collector CPU-second`,
  );
}

/**
 * The baseline fleet (one collector) and the subject fleet (N) each get their own nats-server, because
 * the collectors' heartbeat subjects are fixed: on one server both fleets would receive every beat. The
 * idle fleet costs almost nothing (lease refreshes) while the other is measured.
 */
function scaleOut(replicas: number): Scenario {
  return {
    name: `scale-out-${replicas}-collectors`,
    description:
      `Heartbeats of ${AGENTS.toLocaleString('en')} agents ingested by ${replicas} health-collector processes (built service) ` +
      `sharing the ${HEARTBEAT_PARTITIONS} heartbeat partitions through leases, one publisher; counted from the sum of their ` +
      'warden_heartbeats_total, and checked afterwards: handled = sent, partitions owned sum to the partition count.',
    baseline: 'the same heartbeats ingested by ONE health-collector process on its own nats-server',
    run: (context) =>
      withNatsServer({ jetstream: true }, (baselineServer) =>
        withNatsServer({ jetstream: true }, async (subjectServer): Promise<Comparison> => {
          const one = await CollectorFleet.open(baselineServer.url, 1, AGENTS, 'one');
          let many: CollectorFleet | undefined;
          try {
            many = await CollectorFleet.open(subjectServer.url, replicas, AGENTS, `r${replicas}`);
            const comparison = await compareThroughput(
              context,
              one.trial('1 health-collector process', context.profile),
              many.trial(`${replicas} health-collector processes`, context.profile),
            );
            await checkHandledOnce(one, context);
            await checkHandledOnce(many, context);
            return comparison;
          } catch (error) {
            const diagnosis = [one.diagnosis(), many?.diagnosis() ?? ''].join('\n');
            throw new Error(`${(error as Error).message}\n${diagnosis}`, { cause: error });
          } finally {
            await many?.close();
            await one.close();
          }
        }),
      ),
  };
}

export const scaleOutTwoCollectorsScenario = scaleOut(2);
export const scaleOutFourCollectorsScenario = scaleOut(4);
