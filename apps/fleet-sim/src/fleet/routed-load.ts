import { Subjects, TaskResult, TaskSubmitted } from '@warden/contracts';
import { Messaging, RemoteHandlerError, type NatsClient } from '@warden/messaging';
import { MetricsRegistry, type Logger } from '@warden/telemetry';
import type { Scenario } from '../scenario/scenario';

const TICK_MS = 100;
const REPORT_EVERY_MS = 30_000;
export const ROUTED_TASK_TYPE = 'synthetic';

/**
 * A steady stream of tasks submitted through the load balancer by request/reply, as an application
 * would: the balancer picks the agent, the caller waits for the result. Counts outcomes and reports
 * them every 30 s. Without a load balancer running, every submission fails fast (no responders) and
 * is counted as unrouted.
 */
export class RoutedLoad {
  private timer?: NodeJS.Timeout;
  private reporter?: NodeJS.Timeout;
  private credit = 0;
  private counter = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly outcomes = { succeeded: 0, failed: 0, unrouted: 0 };

  private constructor(
    private readonly messaging: Messaging,
    private readonly scenario: Scenario,
    private readonly report: (line: string) => void,
  ) {}

  static async start(
    connect: () => Promise<NatsClient>,
    scenario: Scenario,
    logger: Logger,
    report: (line: string) => void,
  ): Promise<RoutedLoad> {
    const messaging = new Messaging(await connect(), {
      service: 'task-submitter',
      logger,
      metrics: new MetricsRegistry({
        service: 'fleet-sim',
        instanceId: 'submitter',
        collectProcessMetrics: false,
      }),
    });
    const load = new RoutedLoad(messaging, scenario, report);
    load.timer = setInterval(() => load.tick(), TICK_MS);
    load.reporter = setInterval(() => load.summarise(), REPORT_EVERY_MS);
    report(`routing ${scenario.load.routedTasksPerSecond} tasks/s through the load balancer`);
    return load;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.reporter);
    await Promise.all(this.pending);
    this.summarise();
    await this.messaging.close();
  }

  private tick(): void {
    this.credit += (this.scenario.load.routedTasksPerSecond * TICK_MS) / 1000;
    while (this.credit >= 1) {
      this.credit -= 1;
      const submission = this.submit();
      this.pending.add(submission);
      void submission.finally(() => this.pending.delete(submission));
    }
  }

  private async submit(): Promise<void> {
    const { load, fleet } = this.scenario;
    const task: TaskSubmitted = {
      taskId: `routed-${process.pid}-${++this.counter}`,
      taskType: ROUTED_TASK_TYPE,
      priority: this.counter % 10 === 0 ? 'high' : 'normal',
      requiredCapabilities: [fleet.capabilities[this.counter % fleet.capabilities.length]],
      preferredZones: [],
      payload: { n: this.counter },
      timeoutMs: load.taskTimeoutMs,
      maxAttempts: 3,
      submittedBy: 'fleet-sim',
      submittedAt: new Date().toISOString(),
    };
    try {
      const result = await this.messaging.publisher.request(
        Subjects.taskRequest(ROUTED_TASK_TYPE),
        TaskSubmitted,
        task,
        TaskResult,
        {
          timeoutMs: load.taskTimeoutMs + 5_000,
        },
      );
      if (result.outcome === 'succeeded') this.outcomes.succeeded++;
      else this.outcomes.failed++;
    } catch (error) {
      if (error instanceof RemoteHandlerError) this.outcomes.failed++;
      else this.outcomes.unrouted++;
    }
  }

  private summarise(): void {
    const { succeeded, failed, unrouted } = this.outcomes;
    this.report(
      `routed tasks so far: ${succeeded} succeeded, ${failed} failed, ${unrouted} not routed (no load balancer answer)`,
    );
  }
}
