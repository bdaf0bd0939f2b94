import type { Scenario } from '../framework/scenario';
import { alertIngestThroughputScenario } from './alert-ingest-throughput.scenario';
import { alertNotificationLatencyScenario } from './alert-notification-latency.scenario';
import { consensusFailoverTimeScenario } from './consensus-failover-time.scenario';
import { consensusLockThroughputScenario } from './consensus-lock-throughput.scenario';
import { consensusPaxosLatencyScenario } from './consensus-paxos-latency.scenario';
import { failureDetectionTimeScenario } from './failure-detection-time.scenario';
import { failureEmissionLatencyScenario } from './failure-emission-latency.scenario';
import { heartbeatIngestScenario } from './heartbeat-ingest.scenario';
import { loadBalancerDispatchLatencyScenario } from './load-balancer-dispatch-latency.scenario';
import { loadBalancerRoutingDecisionScenario } from './load-balancer-routing-decision.scenario';
import { loadBalancerSlowAgentTailScenario } from './load-balancer-slow-agent-tail.scenario';
import { loadBalancerThroughputScenario } from './load-balancer-throughput.scenario';
import { messagingCoreThroughputScenario } from './messaging-core-throughput.scenario';
import { messagingDurableThroughputScenario } from './messaging-durable-throughput.scenario';
import { messagingNestTransportRoundTripScenario } from './messaging-nest-transport-round-trip.scenario';
import { messagingRequestReplyScenario } from './messaging-request-reply.scenario';
import { nestNatsRoundTripScenario } from './nest-nats-round-trip.scenario';
import { rawPubSubThroughputScenario } from './raw-pubsub-throughput.scenario';
import { rawRequestReplyScenario } from './raw-request-reply.scenario';
import { recoveryTimeScenario } from './recovery-time.scenario';
import { scaleOutFourCollectorsScenario, scaleOutTwoCollectorsScenario } from './scale-out.scenario';

/** Every scenario, in the order they run: the raw baselines first, so a broken machine shows up early. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  rawPubSubThroughputScenario,
  rawRequestReplyScenario,
  nestNatsRoundTripScenario,
  messagingRequestReplyScenario,
  messagingNestTransportRoundTripScenario,
  messagingCoreThroughputScenario,
  messagingDurableThroughputScenario,
  heartbeatIngestScenario,
  scaleOutTwoCollectorsScenario,
  scaleOutFourCollectorsScenario,
  failureDetectionTimeScenario,
  failureEmissionLatencyScenario,
  recoveryTimeScenario,
  alertNotificationLatencyScenario,
  alertIngestThroughputScenario,
  loadBalancerRoutingDecisionScenario,
  loadBalancerDispatchLatencyScenario,
  loadBalancerThroughputScenario,
  loadBalancerSlowAgentTailScenario,
  consensusFailoverTimeScenario,
  consensusLockThroughputScenario,
  consensusPaxosLatencyScenario,
];
