import { context, trace, type Attributes } from '@opentelemetry/api';
import { MessageLimits, RecoveryDecision, Subjects } from '@warden/contracts';
import type { Publisher } from '@warden/messaging';
import { getTracer, type Logger } from '@warden/telemetry';
import type { RecoveryMetrics } from '../engine/recovery-metrics';
import { derivedId } from '../state/derived-id';

const tracer = getTracer('recovery-coordinator');

/** A decision to record: the ledger adds its id, who decided and when. */
export type LedgerEntry = Omit<RecoveryDecision, 'decisionId' | 'decidedBy' | 'decidedAt' | 'summary'> & {
  summary: string;
};

/** Group token of decisions about the whole fleet (the restart budget); reserved in the policy. */
export const FLEET_GROUP = 'fleet';

/**
 * Every decision becomes a durable RecoveryDecision on `supervision.ledger.entry.<group>.<target>` and a
 * span carrying the same evidence. `key` names the decision uniquely (run, step, attempt…): the id is
 * derived from it, so a replica repeating a decision after a takeover or a redelivery stores it once.
 */
export class RecoveryLedger {
  constructor(
    private readonly publisher: Publisher,
    private readonly instanceId: string,
    private readonly metrics: RecoveryMetrics,
    private readonly logger: Logger,
  ) {}

  async record(key: string, entry: LedgerEntry): Promise<void> {
    const decision: RecoveryDecision = Object.assign(new RecoveryDecision(), {
      ...entry,
      ...(entry.affectedAgentIds ? { affectedAgentIds: entry.affectedAgentIds.slice(0, 256) } : {}),
      ...(entry.failureIds ? { failureIds: entry.failureIds.slice(-64) } : {}),
      decisionId: derivedId('decision', key),
      summary: entry.summary.slice(0, MessageLimits.summaryLength),
      decidedBy: this.instanceId,
      decidedAt: new Date().toISOString(),
    });
    const target = entry.agentId ?? entry.patternId ?? entry.escalationId ?? FLEET_GROUP;
    const span = tracer.startSpan(`recovery.${entry.kind}`, { attributes: attributesOf(decision) });
    try {
      await context.with(trace.setSpan(context.active(), span), () =>
        this.publisher.publishDurable(
          Subjects.recoveryLedger(entry.group, target),
          RecoveryDecision,
          decision,
          {
            id: decision.decisionId,
          },
        ),
      );
      this.metrics.decision(entry.kind);
    } catch (error) {
      span.recordException(error as Error);
      this.logger.error({ err: error, decision }, 'recovery decision not recorded');
      throw error;
    } finally {
      span.end();
    }
  }
}

function attributesOf(decision: RecoveryDecision): Attributes {
  const attributes: Attributes = {
    'warden.recovery.kind': decision.kind,
    'warden.recovery.group': decision.group,
    'warden.recovery.summary': decision.summary,
  };
  const optional: [string, string | number | string[] | undefined][] = [
    ['warden.recovery.run_id', decision.runId],
    ['warden.recovery.strategy', decision.strategy],
    ['warden.recovery.plan', decision.plan],
    ['warden.recovery.diagnosis', decision.diagnosis],
    ['warden.agent.id', decision.agentId],
    ['warden.agent.incarnation', decision.incarnation],
    ['warden.recovery.attempt', decision.attempt],
    ['warden.recovery.delay_ms', decision.delayMs],
    ['warden.recovery.fencing_token', decision.fencingToken],
    ['warden.recovery.failure_ids', decision.failureIds],
    ['warden.recovery.affected_agents', decision.affectedAgentIds],
    ['warden.pattern.id', decision.patternId],
    ['warden.escalation.id', decision.escalationId],
  ];
  for (const [name, value] of optional) if (value !== undefined) attributes[name] = value;
  return attributes;
}
