import { AlertStatus } from '../messages/alert.messages';
import { Severity } from '../messages/common/severity';
import { RecoveryPhase } from '../messages/recovery.messages';
import { SubjectKey, SubjectTemplates as T } from './subject-templates';

/** Per subject: the filter that receives every subject of that shape (`supervision.failures.*.*`). */
export const SubjectWildcards = Object.fromEntries(
  (Object.keys(T) as SubjectKey[]).map((key) => [key, T[key].wildcard]),
) as { readonly [K in SubjectKey]: string };

/** Narrower subscriptions over the tokens that are commonly filtered on. */
export const SubjectFilters = {
  /** The heartbeats of one partition: what a replica owning that partition subscribes to. */
  heartbeatsOfPartition: (partition: number): string => T.heartbeat.filter({ partition }),
  failuresOfSeverity: (severity: Severity): string => T.failures.filter({ severity }),
  failuresOfAgent: (agentId: string): string => T.failures.filter({ agentId }),
  recoveryOfAgent: (agentId: string): string => T.recovery.filter({ agentId }),
  recoveryInPhase: (phase: RecoveryPhase): string => T.recovery.filter({ phase }),
  ledgerOfAgent: (agentId: string): string => T.recoveryLedger.filter({ target: agentId }),
  ledgerOfGroup: (group: string): string => T.recoveryLedger.filter({ group }),
  alertsWithStatus: (status: AlertStatus): string => T.alerts.filter({ status }),
} as const;
