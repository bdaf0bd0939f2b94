import { Controller, Inject } from '@nestjs/common';
import {
  FailureDetected,
  PatternDetected,
  RecoveryHistory,
  RecoveryHistoryQuery,
  Streams,
  Subjects,
  SubjectWildcards,
} from '@warden/contracts';
import { DurableEvent, Request } from '@warden/messaging';
import { RecoveryCoordinatorEngine } from './recovery-coordinator-engine';

/**
 * Intake of one durable consumer per event kind, shared by every replica (each failure or pattern is
 * decided by one replica); `new`, so a first deployment does not replay a week of past failures. A
 * decision only writes state and events, the runs execute apart, so handlers stay short.
 */
const INTAKE = {
  stream: Streams.SUPERVISION.name,
  deliverPolicy: 'new',
  concurrency: 32,
  maxDeliver: 10,
} as const;

@Controller()
export class RecoveryHandlersController {
  constructor(@Inject(RecoveryCoordinatorEngine) private readonly engine: RecoveryCoordinatorEngine) {}

  @DurableEvent(SubjectWildcards.failures, FailureDetected, INTAKE)
  onFailure(failure: FailureDetected): Promise<void> {
    return this.engine.failures.handle(failure);
  }

  @DurableEvent(SubjectWildcards.patterns, PatternDetected, INTAKE)
  onPattern(pattern: PatternDetected): Promise<void> {
    return this.engine.patternDecisions.handle(pattern);
  }

  @Request(Subjects.recoveryHistoryQuery(), RecoveryHistoryQuery)
  history(query: RecoveryHistoryQuery): Promise<RecoveryHistory> {
    return this.engine.history.history(query);
  }
}
