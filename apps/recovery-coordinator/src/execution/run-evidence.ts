import { MessageLimits, type EvidenceLink } from '@warden/contracts';
import type { RecoveryRun, ScopeRecord } from '../state/recovery-records';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The chain of evidence of a run, oldest first: the scope's earlier failures and restarts (what the
 * intensity gate counted), the failures that started or joined the run, the pattern it belongs to,
 * and each attempt with its outcome — what an operator reads to see why automation gave up.
 */
export function evidenceOf(
  run: RecoveryRun,
  scope: ScopeRecord | undefined,
  countedRestarts: readonly number[],
): EvidenceLink[] {
  const earlier: EvidenceLink[] = [
    ...(scope?.handledFailureIds ?? []).map((failureId) => ({
      kind: 'failure' as const,
      ref: failureId,
      summary: `earlier failure in the scope of ${run.failed.agentId}, recovered`,
      at: iso(run.startedAt),
    })),
    ...countedRestarts.map((at, index) => ({
      kind: 'recovery' as const,
      ref: run.runId,
      summary: `restart ${index + 1} of ${countedRestarts.length} counted by the intensity gate`,
      at: iso(at),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const links: EvidenceLink[] = run.failureIds.map((failureId) => ({
    kind: 'failure',
    ref: failureId,
    summary: `${run.diagnosis} of ${run.failed.agentId} (incarnation ${run.failed.incarnation})`,
    at: iso(run.startedAt),
  }));
  if (run.patternId)
    links.push({
      kind: 'pattern',
      ref: run.patternId,
      summary: `pattern ${run.patternId}`,
      at: iso(run.startedAt),
    });
  for (const attempt of run.history) {
    links.push({
      kind: 'recovery',
      ref: attempt.commandIds[0] ?? run.runId,
      summary: `attempt ${attempt.attempt} (${run.action}): ${attempt.outcome} — ${attempt.detail}`.slice(
        0,
        MessageLimits.summaryLength,
      ),
      at: iso(attempt.at),
    });
  }
  return [...earlier, ...links].slice(-MessageLimits.evidenceChainLinks);
}
