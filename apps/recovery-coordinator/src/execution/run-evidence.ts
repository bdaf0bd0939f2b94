import { MessageLimits, type EvidenceLink } from '@warden/contracts';
import type { RecoveryRun } from '../state/recovery-records';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The chain of evidence of a run, oldest first: the failures that started or joined it, the pattern
 * it belongs to, and each attempt with its outcome — what an operator reads to see why automation
 * gave up.
 */
export function evidenceOf(run: RecoveryRun): EvidenceLink[] {
  const links: EvidenceLink[] = run.failureIds.map((failureId) => ({
    kind: 'failure',
    ref: failureId,
    summary: `${run.diagnosis} of ${run.failed.agentId} (incarnation ${run.failed.incarnation})`,
    at: iso(run.startedAt),
  }));
  if (run.patternId)
    links.push({ kind: 'pattern', ref: run.patternId, summary: `pattern ${run.patternId}`, at: iso(run.startedAt) });
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
  return links.slice(-MessageLimits.evidenceChainLinks);
}
