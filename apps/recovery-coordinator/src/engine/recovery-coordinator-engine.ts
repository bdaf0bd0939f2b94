import { Buckets } from '@warden/contracts';
import { watchAgentRegistry, type AgentRegistryWatch, type Messaging } from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import { HostCommander } from '../execution/host-commander';
import { RecoveryPublications } from '../execution/recovery-publications';
import { RunSupervisor } from '../execution/run-supervisor';
import { RecoveryHistoryReader } from '../ledger/recovery-history-reader';
import { RecoveryLedger } from '../ledger/recovery-ledger';
import { ActivePatterns } from '../patterns/active-patterns';
import { PatternFeed } from '../patterns/pattern-feed';
import { DiagnosisTable } from '../policy/diagnosis-table';
import { GroupResolver } from '../policy/group-resolver';
import type { RecoveryPolicy } from '../policy/recovery-policy';
import { AgentHealthTracker } from '../registry/agent-health-tracker';
import { FleetRegistryView } from '../registry/fleet-registry-view';
import { HealthFeed } from '../registry/health-feed';
import { InFlightTaskLookup } from '../registry/in-flight-task-lookup';
import { RecoveryStore } from '../state/recovery-store';
import { FleetRestartBudget } from '../supervision/fleet-restart-budget';
import { FailureIntake } from './failure-intake';
import { PatternIntake } from './pattern-intake';
import type { RecoveryContext } from './recovery-context';
import { RecoveryMetrics } from './recovery-metrics';

export const RECOVERY_COORDINATOR_SERVICE = 'recovery-coordinator';

export interface RecoveryCoordinatorSettings {
  instanceId: string;
  policy: RecoveryPolicy;
}

/**
 * The recovery coordinator without its framework: follows the registry, health changes and patterns,
 * decides on failures and patterns (the intakes, fed by the service's shared durable consumers), carries
 * out recovery runs and takes over those of dead replicas, and answers ledger queries.
 */
export class RecoveryCoordinatorEngine implements ServiceEngine {
  readonly registry = new FleetRegistryView();
  readonly health = new AgentHealthTracker();
  private readonly patterns: ActivePatterns;
  private readonly metrics: RecoveryMetrics;
  private registryWatch?: AgentRegistryWatch;
  private healthFeed?: HealthFeed;
  private patternFeed?: PatternFeed;
  private runs?: RunSupervisor;
  private failureIntake?: FailureIntake;
  private patternIntake?: PatternIntake;
  private historyReader?: RecoveryHistoryReader;

  constructor(
    private readonly messaging: Messaging,
    private readonly settings: RecoveryCoordinatorSettings,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    const table = new DiagnosisTable(settings.policy);
    this.patterns = new ActivePatterns((pattern) => table.patternFoldsFailures(pattern.patternType));
    this.metrics = new RecoveryMetrics(metrics);
  }

  get failures(): FailureIntake {
    return this.started(this.failureIntake);
  }

  get patternDecisions(): PatternIntake {
    return this.started(this.patternIntake);
  }

  get history(): RecoveryHistoryReader {
    return this.started(this.historyReader);
  }

  get activeRuns(): number {
    return this.runs?.activeRuns ?? 0;
  }

  async start(): Promise<void> {
    const { client, publisher } = this.messaging;
    const [agents, recovery] = await Promise.all([
      this.messaging.bucket(Buckets.agents),
      this.messaging.bucket(Buckets.recovery),
    ]);
    this.registryWatch = watchAgentRegistry(agents, this.registry, (error) =>
      this.logger.warn({ err: error }, 'corrupt registry record skipped'),
    );
    await this.registryWatch.start();
    const watch = this.registryWatch;
    this.registry.caughtUpWhen(() => watch.caughtUp);
    this.healthFeed = new HealthFeed(client.connection, this.registry, this.health, this.logger);
    this.healthFeed.start();
    this.patternFeed = new PatternFeed(client.jetstream, this.patterns, this.logger);
    await this.patternFeed.start();

    const { policy, instanceId } = this.settings;
    const context: RecoveryContext = {
      instanceId,
      policy,
      groups: new GroupResolver(policy),
      table: new DiagnosisTable(policy),
      budget: new FleetRestartBudget(policy.budget),
      store: new RecoveryStore(recovery),
      registry: this.registry,
      health: this.health,
      patterns: this.patterns,
      tasks: new InFlightTaskLookup(client.jetstream, this.logger),
      commander: new HostCommander(publisher, policy.execution),
      ledger: new RecoveryLedger(publisher, instanceId, this.metrics, this.logger),
      publications: new RecoveryPublications(publisher, instanceId),
      metrics: this.metrics,
      logger: this.logger,
      random: Math.random,
    };
    this.runs = new RunSupervisor(context, recovery.kv);
    await this.runs.start();
    this.failureIntake = new FailureIntake(context, this.runs);
    this.patternIntake = new PatternIntake(context, this.runs);
    this.historyReader = new RecoveryHistoryReader(client.jetstream);
  }

  /** Ready once the registry and the active patterns are caught up: decisions before that would be blind. */
  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      recovery: () => ({
        ready: this.isReady(),
        detail: `registry of ${this.registry.size} agents; ${this.activeRuns} recovery runs here`,
      }),
    };
  }

  isReady(): boolean {
    return !!this.registryWatch?.caughtUp && !!this.patternFeed?.caughtUp && this.runs !== undefined;
  }

  async stop(): Promise<void> {
    await this.runs?.stop();
    this.healthFeed?.stop();
    await this.patternFeed?.stop();
    await this.registryWatch?.stop();
  }

  private started<T>(part: T | undefined): T {
    if (part === undefined) throw new Error('the recovery coordinator engine has not started');
    return part;
  }
}
