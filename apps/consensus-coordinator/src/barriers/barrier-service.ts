import { BarrierReleased, createMessage, type BarrierArrival } from '@warden/contracts';
import { BarrierTable, type BarrierDecision, type BarrierResult } from './barrier-table';

/** Request/reply around BarrierTable: each arrival's reply waits for its phase to end. */
export class BarrierService {
  private readonly waiting = new Map<number, (result: BarrierResult) => void>();

  constructor(readonly table: BarrierTable) {}

  arrive(arrival: BarrierArrival): Promise<BarrierReleased> {
    const reply = new Promise<BarrierReleased>((resolve) => {
      const { waiter, decisions } = this.table.arrive(
        {
          barrierId: arrival.barrierId,
          phase: arrival.phase ?? 'enter',
          participantId: arrival.participantId,
          expectedParticipants: arrival.expectedParticipants,
          timeoutMs: arrival.timeoutMs,
        },
        Date.now(),
      );
      this.waiting.set(waiter, (result) => resolve(releasedOf(result)));
      this.deliver(decisions);
    });
    return reply;
  }

  sweep(): void {
    this.deliver(this.table.expire(Date.now()));
  }

  convict(participantId: string): void {
    this.deliver(this.table.convict(participantId));
  }

  abandon(reason: string): void {
    this.deliver(this.table.abandon(reason));
  }

  private deliver(decisions: readonly BarrierDecision[]): void {
    for (const { waiter, result } of decisions) {
      const resolve = this.waiting.get(waiter);
      this.waiting.delete(waiter);
      resolve?.(result);
    }
  }
}

function releasedOf(result: BarrierResult): BarrierReleased {
  return createMessage(BarrierReleased, {
    barrierId: result.barrierId,
    participantIds: result.participantIds,
    releasedAt: new Date().toISOString(),
    outcome: result.outcome,
    phase: result.phase,
    ...(result.failedParticipantIds.length > 0 ? { failedParticipantIds: result.failedParticipantIds } : {}),
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  });
}
