import type { ActivePatterns } from '@warden/contracts';
import type { Logger } from '@warden/telemetry';
import type { HostCommander } from '../execution/host-commander';
import type { RecoveryPublications } from '../execution/recovery-publications';
import type { RecoveryLedger } from '../ledger/recovery-ledger';
import type { DiagnosisTable } from '../policy/diagnosis-table';
import type { GroupResolver } from '../policy/group-resolver';
import type { RecoveryPolicy } from '../policy/recovery-policy';
import type { AgentHealthTracker } from '../registry/agent-health-tracker';
import type { FleetRegistryView } from '../registry/fleet-registry-view';
import type { InFlightTaskLookup } from '../registry/in-flight-task-lookup';
import type { RecoveryStore } from '../state/recovery-store';
import type { FleetRestartBudget } from '../supervision/fleet-restart-budget';
import type { RecoveryMetrics } from './recovery-metrics';

/** Everything the intakes and the run executor share within one coordinator process. */
export interface RecoveryContext {
  instanceId: string;
  policy: RecoveryPolicy;
  groups: GroupResolver;
  table: DiagnosisTable;
  budget: FleetRestartBudget;
  store: RecoveryStore;
  registry: FleetRegistryView;
  health: AgentHealthTracker;
  patterns: ActivePatterns;
  tasks: InFlightTaskLookup;
  commander: HostCommander;
  ledger: RecoveryLedger;
  publications: RecoveryPublications;
  metrics: RecoveryMetrics;
  logger: Logger;
  random: () => number;
}
