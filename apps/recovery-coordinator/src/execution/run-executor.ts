import { RecoveryCommand, type RecoveryAction, type RecoveryReason } from '@warden/contracts';
import type { RecoveryContext } from '../engine/recovery-context';
import { DiagnosisTable } from '../policy/diagnosis-table';
import type { GroupPolicy } from '../policy/recovery-policy';
import { derivedId } from '../state/derived-id';
import {
  EMPTY_SCOPE,
  REMEMBERED_FAILURES,
  type AttemptRecord,
  type RecoveryRun,
  type RunTarget,
  type ScopeRecord,
} from '../state/recovery-records';
import { Backoff } from '../supervision/backoff';
import { RestartIntensityGate } from '../supervision/restart-intensity-gate';
import { abortableDelay } from './abortable-delay';
import { BudgetGate } from './budget-gate';
import { isStaleFencingRefusal, type CommandOutcome } from './host-commander';
import { evidenceOf } from './run-evidence';

/** Another replica took the run over (or it ended): this one stops acting on it at once. */
export class RunLostError extends Error {
  constructor(
    readonly scopeKey: string,
    readonly runId: string,
  ) {
    super(`recovery run ${runId} of ${scopeKey} is no longer owned by this replica`);
    this.name = 'RunLostError';
  }
}

type Closing = 'succeeded' | 'folded' | 'suppressed' | 'escalated';

/** Stale-fencing refusals re-issued with a fresh token before the attempt counts as refused. */
const MAX_COMMAND_ROUNDS = 3;

/**
 * Carries one recovery run through its phases — wait for the backoff, pass the pattern, budget and
 * intensity gates, command the hosts, wait for every target to be reported healthy with a new
 * incarnation — and closes it. Every transition is a compare-and-set on the run's scope record that
 * checks this replica still owns the run, so a deposed owner stops at its next step; every step is
 * idempotent (derived ids), so the replica taking a run over repeats at most the step that was under way.
 */
export class RunExecutor {
  private readonly budgetGate: BudgetGate;

  constructor(private readonly context: RecoveryContext) {
    this.budgetGate = new BudgetGate(context);
  }

  async execute(scopeKey: string, runId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const run = await this.ownedRun(scopeKey, runId);
      if (!run) return;
      if (run.phase === 'pending') await this.pending(scopeKey, run, signal);
      else if (run.phase === 'commanding') await this.command(scopeKey, run, signal);
      else await this.await(scopeKey, run, signal);
    }
  }

  private groupOf(run: RecoveryRun): GroupPolicy {
    return this.context.groups.named(run.group) ?? this.context.policy.defaultGroup;
  }

  private async ownedRun(scopeKey: string, runId: string): Promise<RecoveryRun | undefined> {
    const stored = await this.context.store.read<ScopeRecord>(scopeKey);
    const run = stored?.value.run;
    if (!run || run.runId !== runId) return undefined;
    if (run.owner !== this.context.instanceId) throw new RunLostError(scopeKey, runId);
    return run;
  }

  private async pending(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    await abortableDelay(run.dueAt - Date.now(), signal);
    const pattern = this.context.patterns.foldingPatternFor(
      { ...run.failed, patternId: run.patternId },
      Date.now(),
    );
    if (pattern && run.plan !== 'replace-elsewhere') {
      await this.close(
        scopeKey,
        run,
        'folded',
        `folded into ${pattern.patternType} pattern ${pattern.patternId}`,
        {
          patternId: pattern.patternId,
        },
      );
      return;
    }
    if (run.targets.every((target) => this.context.health.healthyAfter(target.agentId, target.incarnation))) {
      await this.close(scopeKey, run, 'succeeded', 'every target already runs a newer, healthy incarnation');
      return;
    }
    if (run.plan !== 'drain-and-quarantine') {
      const budget = await this.budgetGate.take(run.targets.length, {
        agentIds: run.targets.map((target) => target.agentId),
        runId: run.runId,
      });
      if (!budget.granted) {
        await this.close(
          scopeKey,
          run,
          'suppressed',
          `fleet restart budget exhausted (${budget.used} restarts in the window)`,
        );
        return;
      }
    }
    await this.startAttempt(scopeKey, run);
  }

  /** Passes the intensity gate and moves the run to `commanding` with its next attempt, in one write. */
  private async startAttempt(scopeKey: string, run: RecoveryRun): Promise<void> {
    const group = this.groupOf(run);
    const gate = new RestartIntensityGate(group.intensity, group.periodMs);
    const backoff = new Backoff(group.backoff);
    const countsAsRestart = run.plan !== 'drain-and-quarantine';
    const now = Date.now();
    const { result } = await this.context.store.mutate<ScopeRecord, 'started' | 'refused' | 'lost'>(
      scopeKey,
      EMPTY_SCOPE,
      (record) => {
        if (record.run?.runId !== run.runId || record.run.owner !== this.context.instanceId)
          return { result: 'lost' };
        const current = record.run;
        if (!countsAsRestart)
          return { next: { ...record, run: this.nextAttempt(current) }, result: 'started' };
        const verdict = gate.admit(record.restarts, now);
        if (!verdict.admitted) return { next: { ...record, restarts: verdict.history }, result: 'refused' };
        return {
          next: {
            ...record,
            restarts: verdict.history,
            consecutive: backoff.nextRestartNumber(record, now),
            lastRestartAt: now,
            run: this.nextAttempt(current),
          },
          result: 'started',
        };
      },
    );
    if (result === 'lost') throw new RunLostError(scopeKey, run.runId);
    if (result === 'refused') {
      const summary = `restart intensity exceeded: more than ${group.intensity} restarts within ${group.periodMs} ms (group ${group.name})`;
      await this.close(scopeKey, run, 'suppressed', summary, { escalate: true });
    }
  }

  private nextAttempt(run: RecoveryRun): RecoveryRun {
    return {
      ...run,
      attempt: run.attempt + 1,
      phase: 'commanding',
      commandIds: {},
      commandRound: 0,
      deadlineAt: undefined,
    };
  }

  private async command(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    let outcomes = new Map<string, CommandOutcome>();
    let issued = run;
    for (let round = 1; round <= MAX_COMMAND_ROUNDS; round++) {
      // A fresh write per round: its revision is a fencing token above any decision obeyed so far.
      issued = await this.issue(scopeKey, issued);
      outcomes = await this.sendAll(issued, signal);
      if (![...outcomes.values()].some(isStaleFencingRefusal)) break;
    }
    const problems = [...outcomes.entries()].filter(
      ([agentId, outcome]) => !this.acceptable(issued, agentId, outcome),
    );
    if (problems.length === 0) {
      await this.transition(scopeKey, issued.runId, (current) => ({
        ...current,
        phase: 'awaiting',
        fencingToken: issued.fencingToken,
        deadlineAt: Date.now() + this.context.policy.execution.healthyDeadlineMs,
      }));
      return;
    }
    const unreachable = problems.some(([, outcome]) => outcome.kind === 'unreachable');
    const detail = problems.map(([agentId, outcome]) => `${agentId}: ${describe(outcome)}`).join('; ');
    await this.attemptFailed(scopeKey, issued, unreachable ? 'unreachable' : 'refused', detail);
  }

  /** A refusal because the incarnation is no longer current is fine when a newer one is already up. */
  private acceptable(run: RecoveryRun, agentId: string, outcome: CommandOutcome): boolean {
    if (outcome.kind === 'accepted') return true;
    const target = run.targets.find((candidate) => candidate.agentId === agentId);
    const latest = this.context.health.latestOf(agentId);
    return (
      outcome.kind === 'refused' &&
      target !== undefined &&
      latest !== undefined &&
      latest.incarnation > target.incarnation
    );
  }

  /** Writes the round's command ids; the write's revision becomes the round's fencing token. */
  private async issue(scopeKey: string, run: RecoveryRun): Promise<RecoveryRun> {
    const commandRound = run.commandRound + 1;
    const commandIds: Record<string, string> = {};
    for (const target of run.targets)
      commandIds[target.agentId] = derivedId('command', run.runId, run.attempt, commandRound, target.agentId);
    const written = await this.transition(scopeKey, run.runId, (current) => ({
      ...current,
      commandIds,
      commandRound,
    }));
    const issued: RecoveryRun = { ...written.run, fencingToken: written.revision };
    await Promise.all(
      issued.targets.map(async (target) => {
        await this.context.publications.step({ ...this.stepOf(issued, target), phase: 'commanded' });
        await this.context.ledger.record(
          `${issued.runId}:commanded:${issued.attempt}:${commandRound}:${target.agentId}`,
          {
            ...this.entryOf(issued),
            kind: 'commanded',
            agentId: target.agentId,
            hostId: target.hostId,
            incarnation: target.incarnation,
            commandId: commandIds[target.agentId],
            action: issued.action,
            attempt: issued.attempt,
            fencingToken: written.revision,
            summary: `attempt ${issued.attempt}: ${issued.action} ${target.agentId} on ${target.hostId} (token ${written.revision})`,
          },
        );
      }),
    );
    return issued;
  }

  private async sendAll(run: RecoveryRun, signal: AbortSignal): Promise<Map<string, CommandOutcome>> {
    const outcomes = await Promise.all(
      run.targets.map(async (target) => [target.agentId, await this.sendOne(run, target, signal)] as const),
    );
    return new Map(outcomes);
  }

  private async sendOne(run: RecoveryRun, target: RunTarget, signal: AbortSignal): Promise<CommandOutcome> {
    const { commander, health, registry, policy } = this.context;
    if (run.plan === 'drain-then-replace') {
      // The drain lets in-flight work finish; whatever its answer, the replacement follows after the grace.
      await commander.send(
        this.commandOf(run, target, 'drain', `${run.commandIds[target.agentId]}-d`),
        signal,
      );
      const drained = () =>
        (registry.get(target.agentId)?.load.inFlightTasks ?? 0) === 0 &&
        health.draining(target.agentId, target.incarnation);
      await health.waitFor([target.agentId], drained, Date.now() + policy.execution.drainGraceMs, signal);
      return commander.send(this.commandOf(run, target, 'replace'), signal);
    }
    const outcome = await commander.send(this.commandOf(run, target, run.action), signal);
    if (run.plan === 'drain-and-quarantine' && outcome.kind === 'accepted') {
      await this.context.publications.quarantine({
        agentId: target.agentId,
        hostId: target.hostId,
        incarnation: target.incarnation,
        untilMs: Date.now() + policy.execution.quarantineMs,
        reason: this.reasonOf(run),
      });
      await this.context.ledger.record(`${run.runId}:quarantined:${target.agentId}`, {
        ...this.entryOf(run),
        kind: 'quarantined',
        agentId: target.agentId,
        hostId: target.hostId,
        incarnation: target.incarnation,
        summary: `${target.agentId} drained and out of routing for ${policy.execution.quarantineMs} ms`,
      });
    }
    return outcome;
  }

  private commandOf(
    run: RecoveryRun,
    target: RunTarget,
    action: RecoveryAction,
    commandId?: string,
  ): RecoveryCommand {
    return Object.assign(new RecoveryCommand(), {
      commandId: commandId ?? run.commandIds[target.agentId],
      action,
      agentId: target.agentId,
      hostId: target.hostId,
      incarnation: target.incarnation,
      fencingToken: run.fencingToken ?? 0,
      attempt: run.attempt,
      timeoutMs: this.context.policy.execution.commandTimeoutMs,
      ...(run.plan === 'restart-kill' ? { graceMs: 0 } : {}),
      reason: this.reasonOf(run),
      issuedBy: this.context.instanceId,
      issuedAt: new Date().toISOString(),
    });
  }

  private async await(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    const { health } = this.context;
    const recovered =
      run.plan === 'drain-and-quarantine'
        ? () => run.targets.every((target) => health.draining(target.agentId, target.incarnation))
        : () => run.targets.every((target) => health.healthyAfter(target.agentId, target.incarnation));
    const met = await health.waitFor(
      run.targets.map((target) => target.agentId),
      recovered,
      run.deadlineAt ?? Date.now(),
      signal,
    );
    if (met) {
      this.context.metrics.recovered((Date.now() - run.startedAt) / 1000);
      await this.close(scopeKey, run, 'succeeded', this.successSummary(run));
      return;
    }
    const late = run.targets
      .filter((target) => !health.healthyAfter(target.agentId, target.incarnation))
      .map((target) => target.agentId);
    await this.attemptFailed(
      scopeKey,
      run,
      'timed-out',
      `not reported ${run.plan === 'drain-and-quarantine' ? 'draining' : 'healthy with a new incarnation'} within ${this.context.policy.execution.healthyDeadlineMs} ms: ${late.join(', ')}`,
    );
  }

  private successSummary(run: RecoveryRun): string {
    if (run.plan === 'drain-and-quarantine')
      return `${run.targets.map((target) => target.agentId).join(', ')} draining and quarantined`;
    return `${run.targets.map((target) => target.agentId).join(', ')} healthy again with a new incarnation after attempt ${run.attempt}`;
  }

  private async attemptFailed(
    scopeKey: string,
    run: RecoveryRun,
    outcome: AttemptRecord['outcome'],
    detail: string,
  ): Promise<void> {
    const { policy } = this.context;
    const attempt: AttemptRecord = {
      attempt: run.attempt,
      at: Date.now(),
      commandIds: run.targets
        .map((target) => run.commandIds[target.agentId])
        .filter((id): id is string => id !== undefined),
      outcome,
      detail,
    };
    const last = run.attempt >= policy.execution.maxAttempts;
    const group = this.groupOf(run);
    const backoff = new Backoff(group.backoff);
    const scope = await this.context.store.read<ScopeRecord>(scopeKey);
    const delayMs = last
      ? undefined
      : backoff.delayMs(
          backoff.nextRestartNumber(scope?.value ?? EMPTY_SCOPE, Date.now()),
          this.context.random,
        );
    for (const target of run.targets) {
      await this.context.publications.step({
        ...this.stepOf(run, target),
        phase: outcome === 'timed-out' ? 'timed-out' : 'failed',
        ...(delayMs !== undefined ? { retryInMs: delayMs } : {}),
        detail,
      });
    }
    await this.context.ledger.record(`${run.runId}:failed:${run.attempt}`, {
      ...this.entryOf(run),
      kind: 'failed',
      attempt: run.attempt,
      summary: `attempt ${run.attempt} ${outcome}: ${detail}`,
    });
    const failedRun: RecoveryRun = { ...run, history: [...run.history, attempt] };
    if (delayMs === undefined) {
      await this.close(
        scopeKey,
        failedRun,
        'escalated',
        `${run.attempt} attempts failed; the last: ${outcome} (${detail})`,
      );
      return;
    }
    await this.context.ledger.record(`${run.runId}:delayed:${run.attempt + 1}`, {
      ...this.entryOf(run),
      kind: 'delayed',
      attempt: run.attempt + 1,
      delayMs,
      summary: `attempt ${run.attempt + 1} in ${delayMs} ms (backoff ${group.backoff.kind})`,
    });
    await this.transition(scopeKey, run.runId, (current) => ({
      ...current,
      history: [...current.history, attempt],
      phase: 'pending',
      dueAt: Date.now() + delayMs,
      deadlineAt: undefined,
    }));
  }

  /**
   * Publishes the run's end — events first, with derived ids, so a takeover repeating them is harmless —
   * then removes the run and remembers its failures as handled. A suppressed run escalates when asked.
   */
  private async close(
    scopeKey: string,
    run: RecoveryRun,
    kind: Closing,
    summary: string,
    options: { patternId?: string; escalate?: boolean } = {},
  ): Promise<void> {
    const { publications, ledger } = this.context;
    const key = `${run.runId}:${kind}:${run.attempt}`;
    if (kind === 'succeeded' || kind === 'suppressed') {
      for (const target of run.targets)
        await publications.step({ ...this.stepOf(run, target), phase: kind, detail: summary });
    }
    if (kind !== 'escalated')
      await ledger.record(key, {
        ...this.entryOf(run),
        kind,
        ...(options.patternId ? { patternId: options.patternId } : {}),
        summary,
      });
    if (kind === 'escalated' || options.escalate) {
      const escalationId = derivedId('escalation', run.runId, run.attempt);
      const scope = await this.context.store.read<ScopeRecord>(scopeKey);
      await publications.escalate({
        escalationId,
        level: 'operator',
        severity: run.severity === 'critical' ? 'critical' : 'high',
        agentIds: run.targets.map((target) => target.agentId),
        evidence: evidenceOf(run, scope?.value),
        reason: summary,
      });
      await ledger.record(`${key}:escalation`, {
        ...this.entryOf(run),
        kind: 'escalated',
        escalationId,
        summary,
      });
    }
    await this.context.store.mutate<ScopeRecord, void>(scopeKey, EMPTY_SCOPE, (record) => {
      if (record.run?.runId !== run.runId) return { result: undefined };
      const handledFailureIds = [...record.handledFailureIds, ...record.run.failureIds].slice(
        -REMEMBERED_FAILURES,
      );
      return { next: { ...record, handledFailureIds, run: undefined }, result: undefined };
    });
  }

  private async transition(
    scopeKey: string,
    runId: string,
    change: (run: RecoveryRun) => RecoveryRun,
  ): Promise<{ run: RecoveryRun; revision: number }> {
    const { result, revision } = await this.context.store.mutate<ScopeRecord, RecoveryRun | undefined>(
      scopeKey,
      EMPTY_SCOPE,
      (record) => {
        if (record.run?.runId !== runId || record.run.owner !== this.context.instanceId)
          return { result: undefined };
        const next = change(record.run);
        return { next: { ...record, run: next }, result: next };
      },
    );
    if (!result || revision === undefined) throw new RunLostError(scopeKey, runId);
    return { run: result, revision };
  }

  private reasonOf(run: RecoveryRun): RecoveryReason {
    return {
      failureId: run.failureIds[0],
      ...(run.patternId ? { patternId: run.patternId } : {}),
      summary: `${run.diagnosis} of ${run.failed.agentId}: ${run.plan} by group ${run.group} (${run.strategy})`,
    };
  }

  private stepOf(run: RecoveryRun, target: RunTarget) {
    return {
      commandId:
        run.commandIds[target.agentId] ?? derivedId('command', run.runId, run.attempt, 0, target.agentId),
      action: run.action,
      agentId: target.agentId,
      hostId: target.hostId,
      incarnation: target.incarnation,
      fencingToken: run.fencingToken ?? 0,
      attempt: Math.max(1, run.attempt),
      reason: this.reasonOf(run),
    };
  }

  private entryOf(run: RecoveryRun) {
    return {
      group: run.group,
      runId: run.runId,
      strategy: run.strategy,
      restartType: run.restartType,
      plan: run.plan,
      diagnosis: run.diagnosis,
      agentId: run.failed.agentId,
      hostId: run.failed.hostId,
      incarnation: run.failed.incarnation,
      affectedAgentIds: run.targets.map((target) => target.agentId),
      failureIds: run.failureIds,
      ...(run.patternId ? { patternId: run.patternId } : {}),
    };
  }
}

/** Whether a plan is carried out by runs (restarts, replacements, quarantine) rather than decided at once. */
export function planRuns(plan: RecoveryRun['plan']): boolean {
  return DiagnosisTable.restarts(plan) || plan === 'drain-and-quarantine' || plan === 'replace-elsewhere';
}

function describe(outcome: CommandOutcome): string {
  if (outcome.kind === 'refused') return `refused: ${outcome.reason}`;
  if (outcome.kind === 'unreachable') return outcome.detail;
  return 'accepted';
}
