import type { BarrierOutcome, BarrierPhase } from '@warden/contracts';

export interface Arrival {
  barrierId: string;
  phase: BarrierPhase;
  participantId: string;
  expectedParticipants: number;
  timeoutMs: number;
}

export interface BarrierResult {
  barrierId: string;
  phase: BarrierPhase;
  outcome: BarrierOutcome;
  participantIds: string[];
  failedParticipantIds: string[];
  reason?: string;
}

/** The result a waiting arrival gets. */
export interface BarrierDecision {
  waiter: number;
  result: BarrierResult;
}

interface Gathering {
  phase: BarrierPhase;
  expected: number;
  deadline: number;
  /** Participant id → the waiter ids of its arrivals (a retried arrival waits beside the first). */
  arrived: Map<string, number[]>;
}

interface BarrierState {
  /** Who entered the last released enter phase: they are expected to leave, and their failure breaks it. */
  members: Set<string>;
  gathering?: Gathering;
}

/**
 * Barriers and double barriers. A phase (`enter`, then `leave` for a double barrier) is released for
 * everyone when the expected number of participants has arrived. Nobody is left waiting: the phase ends
 * for everyone with the same outcome when it times out (the earliest deadline of its arrivals), when a
 * participant that arrived (or that entered, for the leave phase) is convicted as failed, or when an
 * arrival disagrees on the participant count. Synchronous and clock-free, like LockTable.
 */
export class BarrierTable {
  private readonly barriers = new Map<string, BarrierState>();
  private nextWaiterId = 1;

  arrive(arrival: Arrival, now: number): { waiter: number; decisions: BarrierDecision[] } {
    const waiter = this.nextWaiterId++;
    let barrier = this.barrierOf(arrival.barrierId);
    const decisions: BarrierDecision[] = [];
    if (barrier.gathering && barrier.gathering.phase !== arrival.phase) {
      decisions.push(
        ...this.end(
          arrival.barrierId,
          barrier,
          'broken',
          [],
          `${arrival.participantId} arrived to ${arrival.phase} while others wait to ${barrier.gathering.phase}`,
        ),
      );
    }
    barrier = this.barrierOf(arrival.barrierId);
    const gathering = (barrier.gathering ??= {
      phase: arrival.phase,
      expected: arrival.expectedParticipants,
      deadline: now + arrival.timeoutMs,
      arrived: new Map(),
    });
    gathering.deadline = Math.min(gathering.deadline, now + arrival.timeoutMs);
    const waiters = gathering.arrived.get(arrival.participantId) ?? [];
    gathering.arrived.set(arrival.participantId, [...waiters, waiter]);
    if (gathering.expected !== arrival.expectedParticipants) {
      decisions.push(
        ...this.end(
          arrival.barrierId,
          barrier,
          'broken',
          [],
          `${arrival.participantId} expects ${arrival.expectedParticipants} participants, others ${gathering.expected}`,
        ),
      );
    } else if (gathering.arrived.size >= gathering.expected) {
      decisions.push(...this.end(arrival.barrierId, barrier, 'released', []));
    }
    return { waiter, decisions };
  }

  expire(now: number): BarrierDecision[] {
    const decisions: BarrierDecision[] = [];
    for (const [barrierId, barrier] of this.barriers) {
      const gathering = barrier.gathering;
      if (!gathering || gathering.deadline > now) continue;
      decisions.push(
        ...this.end(
          barrierId,
          barrier,
          'timed-out',
          [],
          `${gathering.arrived.size} of ${gathering.expected} participants arrived in time`,
        ),
      );
    }
    return decisions;
  }

  /** A failed participant breaks every phase it takes part in, so the others stop waiting for it. */
  convict(participantId: string): BarrierDecision[] {
    const decisions: BarrierDecision[] = [];
    for (const [barrierId, barrier] of this.barriers) {
      const gathering = barrier.gathering;
      if (!gathering) continue;
      const involved =
        gathering.arrived.has(participantId) ||
        (gathering.phase === 'leave' && barrier.members.has(participantId));
      if (involved) {
        decisions.push(
          ...this.end(barrierId, barrier, 'broken', [participantId], `participant ${participantId} failed`),
        );
      }
    }
    return decisions;
  }

  /** Every waiting arrival ends (the coordinator lost its leadership): participants must retry. */
  abandon(reason: string): BarrierDecision[] {
    const decisions: BarrierDecision[] = [];
    for (const [barrierId, barrier] of this.barriers)
      decisions.push(...this.end(barrierId, barrier, 'broken', [], reason));
    return decisions;
  }

  waitingAt(barrierId: string): number {
    return this.barriers.get(barrierId)?.gathering?.arrived.size ?? 0;
  }

  private end(
    barrierId: string,
    barrier: BarrierState,
    outcome: BarrierOutcome,
    failedParticipantIds: string[],
    reason?: string,
  ): BarrierDecision[] {
    const gathering = barrier.gathering;
    if (!gathering) return [];
    barrier.gathering = undefined;
    const participantIds = [...gathering.arrived.keys()].sort();
    if (outcome === 'released' && gathering.phase === 'enter') barrier.members = new Set(participantIds);
    if (gathering.phase === 'leave' || outcome !== 'released') barrier.members = new Set();
    if (!barrier.gathering && barrier.members.size === 0) this.barriers.delete(barrierId);
    const result: BarrierResult = {
      barrierId,
      phase: gathering.phase,
      outcome,
      participantIds,
      failedParticipantIds,
      ...(reason === undefined ? {} : { reason }),
    };
    return [...gathering.arrived.values()].flat().map((waiter) => ({ waiter, result }));
  }

  private barrierOf(barrierId: string): BarrierState {
    let barrier = this.barriers.get(barrierId);
    if (!barrier) {
      barrier = { members: new Set() };
      this.barriers.set(barrierId, barrier);
    }
    return barrier;
  }
}
