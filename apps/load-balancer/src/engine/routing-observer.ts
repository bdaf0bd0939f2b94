import type { TaskResult, TaskSubmitted } from '@warden/contracts';
import { getTracer, type Logger, type MetricsRegistry } from '@warden/telemetry';
import type { Counter, Histogram } from 'prom-client';
import type { AttemptFailedError } from '../dispatch/dispatch-errors';
import type { DispatchObserver } from '../dispatch/dispatch-observer';
import type { RouteDecision } from '../routing/router';

const tracer = getTracer('load-balancer');

/** Metrics and one span per routing decision carrying its evidence (strategy, candidates, why). */
export class RoutingObserver implements DispatchObserver {
  private readonly decisions: Counter<string>;
  private readonly decisionSeconds: Histogram<string>;
  private readonly failures: Counter<string>;
  private readonly outcomes: Counter<string>;
  private readonly taskSeconds: Histogram<string>;
  private readonly givenUp: Counter<string>;

  constructor(
    metrics: MetricsRegistry,
    private readonly logger: Logger,
  ) {
    this.decisions = metrics.counter({
      name: 'warden_lb_routing_decisions_total',
      help: 'Routing decisions by strategy',
      labelNames: ['strategy'],
    });
    this.decisionSeconds = metrics.histogram({
      name: 'warden_lb_routing_decision_seconds',
      help: 'Time to pick an agent, in-process',
      buckets: [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 1e-3],
    });
    this.failures = metrics.counter({
      name: 'warden_lb_attempt_failures_total',
      help: 'Attempts that ended without a result, by kind (refused, unreachable, no-result, lost)',
      labelNames: ['kind'],
    });
    this.outcomes = metrics.counter({
      name: 'warden_lb_tasks_completed_total',
      help: 'Tasks finished by final outcome',
      labelNames: ['outcome'],
    });
    this.taskSeconds = metrics.histogram({
      name: 'warden_lb_task_duration_seconds',
      help: 'From submission to final result, retries included',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    });
    this.givenUp = metrics.counter({
      name: 'warden_lb_tasks_given_up_total',
      help: 'Tasks that ended without any result (no agent, deadline)',
      labelNames: ['reason'],
    });
  }

  routed(task: TaskSubmitted, _attempt: number, decision: RouteDecision, decisionMicros: number): void {
    this.decisions.inc({ strategy: decision.strategy });
    this.decisionSeconds.observe(decisionMicros / 1e6);
    tracer
      .startSpan('load-balancer route', {
        attributes: {
          'warden.task.id': task.taskId,
          'warden.task.type': task.taskType,
          'warden.task.priority': task.priority,
          'warden.route.agent': decision.slot.agentId,
          'warden.route.zone': decision.slot.zone,
          'warden.route.strategy': decision.strategy,
          'warden.route.candidates': decision.considered,
          'warden.route.reason': decision.reason,
          'warden.route.agent_load': decision.slot.load,
          'warden.route.agent_latency_ms': decision.slot.latencyAt(Date.now()),
          'warden.route.breaker': decision.slot.breaker.state,
        },
      })
      .end();
  }

  attemptFailed(task: TaskSubmitted, attempt: number, failure: AttemptFailedError): void {
    this.failures.inc({ kind: failure.kind });
    this.logger.debug(
      { taskId: task.taskId, attempt, kind: failure.kind, agentId: failure.agentId },
      failure.message,
    );
  }

  completed(_task: TaskSubmitted, result: TaskResult, latencyMs: number): void {
    this.outcomes.inc({ outcome: result.outcome });
    this.taskSeconds.observe(latencyMs / 1000);
  }

  gaveUp(task: TaskSubmitted, error: Error): void {
    this.givenUp.inc({ reason: error.name });
    this.logger.info({ taskId: task.taskId, taskType: task.taskType, err: error }, 'task given up');
  }
}
