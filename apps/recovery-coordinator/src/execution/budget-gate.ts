import type { RecoveryContext } from '../engine/recovery-context';
import { FLEET_GROUP } from '../ledger/recovery-ledger';
import { RecoveryKeys, type BudgetRecord } from '../state/recovery-records';
import { derivedId } from '../state/derived-id';

export interface BudgetOutcome {
  granted: boolean;
  used: number;
}

/**
 * The fleet restart budget, shared by every replica through one KV record changed by compare-and-set.
 * When a request is refused, the first refusal of a window raises one critical escalation saying why;
 * later refusals in the same window are only recorded, so a dead zone yields one page, not 500.
 */
export class BudgetGate {
  constructor(private readonly context: RecoveryContext) {}

  async take(
    count: number,
    askedFor: { agentIds: string[]; runId: string },
    now = Date.now(),
  ): Promise<BudgetOutcome> {
    const { store, budget } = this.context;
    const { result } = await store.mutate<BudgetRecord, BudgetOutcome & { escalate: boolean }>(
      RecoveryKeys.budget,
      { restarts: [] },
      (record) => {
        const verdict = budget.take(record.restarts, now, count);
        if (verdict.granted)
          return {
            next: { ...record, restarts: verdict.history },
            result: { granted: true, used: verdict.history.length, escalate: false },
          };
        const escalate = record.escalatedAt === undefined || now - record.escalatedAt >= budget.windowMs;
        return {
          next: { restarts: verdict.history, escalatedAt: escalate ? now : record.escalatedAt },
          result: { granted: false, used: verdict.used, escalate },
        };
      },
    );
    this.context.metrics.budget(result.used);
    if (!result.granted && result.escalate) await this.escalate(now, result.used, askedFor);
    return { granted: result.granted, used: result.used };
  }

  /** Gives back restarts taken at `takenAt` that were not commanded after all. */
  async refund(count: number, takenAt: number): Promise<void> {
    const { store, budget } = this.context;
    await store.mutate<BudgetRecord, void>(RecoveryKeys.budget, { restarts: [] }, (record) => {
      const restarts = budget.refund(record.restarts, takenAt, count);
      return restarts.length === record.restarts.length
        ? { result: undefined }
        : { next: { ...record, restarts }, result: undefined };
    });
  }

  private async escalate(
    now: number,
    used: number,
    askedFor: { agentIds: string[]; runId: string },
  ): Promise<void> {
    const { budget, publications, ledger } = this.context;
    const escalationId = derivedId('escalation', 'budget', Math.floor(now / budget.windowMs));
    const reason =
      `fleet restart budget exhausted: ${used} restarts in the last ${budget.windowMs} ms (budget ${budget.maxRestarts}); ` +
      'restarts stop until the window has room — many agents are failing at once, look for a common cause';
    await publications.escalate({
      escalationId,
      level: 'incident',
      severity: 'critical',
      agentIds: askedFor.agentIds,
      evidence: [
        {
          kind: 'recovery',
          ref: askedFor.runId,
          summary: `restart refused by the budget`,
          at: new Date(now).toISOString(),
        },
      ],
      reason,
    });
    await ledger.record(`${escalationId}:escalated`, {
      kind: 'escalated',
      group: FLEET_GROUP,
      escalationId,
      summary: reason,
    });
  }
}
