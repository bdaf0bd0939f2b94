import { Controller, Inject } from '@nestjs/common';
import {
  AlertList,
  AlertListQuery,
  BreakerTransition,
  createMessage,
  Escalation,
  FailureDetected,
  IncidentAcknowledge,
  IncidentReply,
  PatternDetected,
  RecoveryEvent,
  SilenceCreate,
  SilenceExpire,
  SilenceList,
  SilenceListQuery,
  SilenceView,
  Streams,
  Subjects,
  SubjectWildcards,
} from '@warden/contracts';
import { DurableEvent, Request, RequestRejectedError } from '@warden/messaging';
import { AlertManagerEngine } from './alert-manager-engine';
import { OperatorRequestError } from './operator-commands';

/**
 * Intake from one shared durable consumer per event kind (each event reaches one replica); `new`, so a
 * first deployment does not page for a week of old failures. The operator API over NATS request/reply.
 */
const INTAKE = {
  stream: Streams.SUPERVISION.name,
  deliverPolicy: 'new',
  concurrency: 64,
  maxDeliver: 10,
} as const;

@Controller()
export class AlertHandlersController {
  constructor(@Inject(AlertManagerEngine) private readonly engine: AlertManagerEngine) {}

  @DurableEvent(SubjectWildcards.failures, FailureDetected, INTAKE)
  onFailure(event: FailureDetected): Promise<void> {
    return this.engine.intake.failure(event);
  }

  @DurableEvent(SubjectWildcards.patterns, PatternDetected, INTAKE)
  onPattern(event: PatternDetected): Promise<void> {
    return this.engine.intake.pattern(event);
  }

  @DurableEvent(SubjectWildcards.recovery, RecoveryEvent, INTAKE)
  onRecovery(event: RecoveryEvent): Promise<void> {
    return this.engine.intake.recovery(event);
  }

  @DurableEvent(SubjectWildcards.escalation, Escalation, INTAKE)
  onEscalation(event: Escalation): Promise<void> {
    return this.engine.intake.escalation(event);
  }

  /** The load balancer's circuit breakers: an agent it stopped sending work to is an alert. */
  @DurableEvent(SubjectWildcards.breakerTransition, BreakerTransition, {
    ...INTAKE,
    stream: Streams.COORDINATION.name,
  })
  onBreaker(event: BreakerTransition): Promise<void> {
    return this.engine.intake.breaker(event);
  }

  @Request(Subjects.alertListQuery(), AlertListQuery)
  listAlerts(query: AlertListQuery): AlertList {
    return rejecting(() => createMessage(AlertList, this.engine.commands.listAlerts(query)));
  }

  @Request(Subjects.silenceListQuery(), SilenceListQuery)
  listSilences(query: SilenceListQuery): SilenceList {
    return createMessage(SilenceList, this.engine.commands.listSilences(query));
  }

  @Request(Subjects.silenceCreate(), SilenceCreate)
  createSilence(request: SilenceCreate): Promise<SilenceView> {
    return rejectingAsync(async () =>
      createMessage(SilenceView, await this.engine.commands.createSilence(request)),
    );
  }

  @Request(Subjects.silenceExpire(), SilenceExpire)
  expireSilence(request: SilenceExpire): Promise<SilenceView> {
    return rejectingAsync(async () =>
      createMessage(SilenceView, await this.engine.commands.expireSilence(request.silenceId)),
    );
  }

  @Request(Subjects.incidentAcknowledge(), IncidentAcknowledge)
  acknowledge(request: IncidentAcknowledge): Promise<IncidentReply> {
    return rejectingAsync(async () =>
      createMessage(IncidentReply, await this.engine.commands.acknowledge(request)),
    );
  }
}

function toRemote(error: unknown): unknown {
  if (error instanceof OperatorRequestError)
    return new RequestRejectedError(error.kind === 'not-found' ? 'not-found' : 'rejected', error.message);
  return error;
}

function rejecting<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toRemote(error);
  }
}

async function rejectingAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toRemote(error);
  }
}
