import { Messaging, type NatsClient } from '@warden/messaging';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import type { ResourceSampler } from '../load/load-meter';
import { SharedResourceSampler } from '../load/shared-resource-sampler';
import { PeriodicScheduler } from '../scheduling/periodic-scheduler';
import { Agent } from './agent';
import type { AgentHandle } from './agent-handle';
import { InvalidAgentOptionsError, type AgentSpec } from './agent-options';

export interface StartAgentOptions extends AgentSpec {
  /** A connection of the process; the agent gets its own Messaging on it (it is the `ce-source` of what it sends). */
  connection?: NatsClient;
  /** Or a ready Messaging whose service name becomes the `ce-source`. Exactly one of the two. */
  messaging?: Messaging;
  logger?: Logger;
  metrics?: MetricsRegistry;
  /** Shared by the agents of a process so they beat on one timer per interval. */
  scheduler?: PeriodicScheduler;
  resources?: ResourceSampler;
}

/**
 * Starts one agent: it announces `starting`, serves `agent.<id>.tasks` and `agent.<id>.control`, and
 * becomes `ready` once `onTask` gave it a handler. The connection's reconnects are its own business: the
 * agent skips beats while disconnected and resumes with the same incarnation and the next sequence.
 */
export async function startAgent(options: StartAgentOptions): Promise<AgentHandle> {
  if (!options.connection === !options.messaging) {
    throw new InvalidAgentOptionsError(
      options.id,
      'connection/messaging',
      'must be given, exactly one of them',
    );
  }
  const logger =
    options.logger ?? createLogger({ service: 'agent-sdk', instanceId: options.id, level: 'warn' });
  const messaging =
    options.messaging ??
    new Messaging(options.connection as NatsClient, {
      service: options.id,
      logger,
      metrics:
        options.metrics ??
        new MetricsRegistry({ service: 'agent', instanceId: options.id, collectProcessMetrics: false }),
    });
  const agent = new Agent(options, {
    logger,
    scheduler: options.scheduler ?? new PeriodicScheduler(),
    resources: options.resources ?? new SharedResourceSampler(),
  });
  await agent.start(messaging);
  return agent;
}
