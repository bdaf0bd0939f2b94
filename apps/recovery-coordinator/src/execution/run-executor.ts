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
import { GroupMembers } from '../registry/group-members';
import { StartOrderBook } from '../registry/start-order-book';
import { subtreeOf } from '../policy/supervisor-tree';
import { Backoff } from '../supervision/backoff';
import { commandedInAttempt, joinRestartsAgain } from '../supervision/join-restart';
import { sortByStartOrder } from '../supervision/restart-targets';
import { abortableDelay } from './abortable-delay';
import { BudgetGate } from './budget-gate';
import { isStaleFencingRefusal, type CommandOutcome } from './host-commander';
import { IntensityCounter } from './intensity-counter';
import { ParentFailure } from './parent-failure';
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

/** Starts executing a run this replica opened (a parent group's run raised by a child that gave up). */
export type RunStarter = (scopeKey: string, runId: string) => void;

/**
 * Carries one recovery run through its phases — wait for the backoff, pass the pattern, intensity and
 * budget gates (in that order: only a restart that will be commanded spends the budget), command the
 * hosts, wait for every target to be reported healthy with a new incarnation — and closes it. A group
 * restart commands its targets in start order, each once the one before is healthy again (OTP), unless
 * the group's policy says `restartOrder: parallel`. The targets are read again before every command and
 * before the run closes, so a failure that joined the run meanwhile is commanded in it, never dropped.
 * Every transition is a compare-and-set on the run's scope record that checks this replica still owns
 * the run, so a deposed owner stops at its next step; every step is idempotent (derived ids), so the
 * replica taking a run over repeats at most the step that was under way.
 */
export class RunExecutor {
  private readonly budgetGate: BudgetGate;
  private readonly intensity: IntensityCounter;
  private readonly parentFailure: ParentFailure;
  private readonly members: GroupMembers;
  private readonly startOrders: StartOrderBook;

  constructor(
    private readonly context: RecoveryContext,
    private readonly startRun: RunStarter,
  ) {
    this.budgetGate = new BudgetGate(context);
    this.intensity = new IntensityCounter(context);
    this.parentFailure = new ParentFailure(context);
    this.members = new GroupMembers(context.registry, context.health, context.groups);
    this.startOrders = new StartOrderBook(context.store, context.policy.groups, context.registry);
  }

  async execute(scopeKey: string, runId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const run = await this.ownedRun(scopeKey, runId);
      if (!run) return;
      if (run.phase === 'pending') await this.pending(scopeKey, run, signal);
      else if (this.joinRestartsAgain(run)) await this.restartForJoin(scopeKey, run);
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

  private async pending(scopeKey: string, queued: RecoveryRun, signal: AbortSignal): Promise<void> {
    await abortableDelay(queued.dueAt - Date.now(), signal);
    // Failures that joined during the delay are part of this attempt: admit the run as it is now.
    const run = await this.ownedRun(scopeKey, queued.runId);
    if (!run) return;
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
    const alreadyBack = (target: RunTarget): boolean =>
      !target.replaceCurrent && this.context.health.healthyAfter(target.agentId, target.incarnation);
    if (run.targets.every(alreadyBack)) {
      await this.close(scopeKey, run, 'succeeded', 'every target already runs a newer, healthy incarnation');
      return;
    }
    if (run.plan === 'drain-and-quarantine') {
      await this.startAttempt(scopeKey, run, Date.now());
      return;
    }
    const group = this.groupOf(run);
    const now = Date.now();
    const intensity = await this.intensity.admit(group, run.failed, now);
    if (!intensity.admitted) {
      await this.intensityExceeded(scopeKey, run, group, signal);
      return;
    }
    // Only the targets the attempt will command take budget (one already back is skipped by it).
    const restarting = run.targets.filter((target) => !alreadyBack(target));
    const budget = await this.budgetGate.take(
      restarting.length,
      { agentIds: restarting.map((target) => target.agentId), runId: run.runId },
      now,
    );
    if (!budget.granted) {
      await this.intensity.refund(group, run.failed, now);
      await this.close(
        scopeKey,
        run,
        'suppressed',
        `fleet restart budget exhausted (${budget.used} restarts in the window)`,
      );
      return;
    }
    try {
      await this.startAttempt(scopeKey, run, now);
    } catch (error) {
      // Not commanded here after all: the counts go back, and whoever owns the run now takes its own.
      await this.intensity.refund(group, run.failed, now);
      await this.budgetGate.refund(restarting.length, now);
      throw error;
    }
  }

  /** Moves the run to `commanding` with its next attempt, and the backoff streak on, in one write. */
  private async startAttempt(scopeKey: string, run: RecoveryRun, now: number): Promise<void> {
    const backoff = new Backoff(this.groupOf(run).backoff);
    const countsAsRestart = run.plan !== 'drain-and-quarantine';
    const { result } = await this.context.store.mutate<ScopeRecord, boolean>(
      scopeKey,
      EMPTY_SCOPE,
      (record) => {
        if (record.run?.runId !== run.runId || record.run.owner !== this.context.instanceId)
          return { result: false };
        const next = this.nextAttempt(record.run, run);
        if (!countsAsRestart) return { next: { ...record, run: next }, result: true };
        return {
          next: {
            ...record,
            consecutive: backoff.nextRestartNumber(record, now),
            lastRestartAt: now,
            run: next,
          },
          result: true,
        };
      },
    );
    if (!result) throw new RunLostError(scopeKey, run.runId);
  }

  /**
   * OTP: a supervisor whose children restart more often than its intensity allows gives up. With
   * `onIntensityExceeded: stop` (the default) the group's agents are stopped, and the group becomes one
   * failure of its parent group — or, at the root, escalates to people; with `escalate` the agents are
   * left as they are and people are told.
   */
  private async intensityExceeded(
    scopeKey: string,
    run: RecoveryRun,
    group: GroupPolicy,
    signal: AbortSignal,
  ): Promise<void> {
    const exceeded = `restart intensity exceeded: more than ${group.intensity} restarts within ${group.periodMs} ms (group ${group.name})`;
    if (group.onIntensityExceeded === 'escalate') {
      await this.close(scopeKey, run, 'suppressed', exceeded, { escalate: true });
      return;
    }
    const stopped = await this.stopGroup(scopeKey, run, group, signal);
    const summary = `${exceeded}; stopped ${stopped.map((target) => target.agentId).join(', ')}`;
    const parent = group.parent ? this.context.groups.named(group.parent) : undefined;
    if (!parent) {
      await this.close(scopeKey, run, 'suppressed', summary, { escalate: true });
      return;
    }
    // Raised before the close: a takeover repeating it opens nothing twice (the failure id is derived).
    const opened = await this.parentFailure.raise(run, group, parent, stopped);
    await this.close(
      scopeKey,
      run,
      'suppressed',
      `${summary}; a failure of its parent group ${parent.name} now`,
    );
    if (opened) this.startRun(opened.scopeKey, opened.runId);
  }

  /**
   * Stops the agents of the group instance (and of the groups below it), in reverse start order as OTP
   * terminates children; with `intensityPer: agent` only the run's own targets. An agent already not
   * running refuses the stop, which is what was wanted. Resolves with every agent stopped or found down.
   */
  private async stopGroup(
    scopeKey: string,
    run: RecoveryRun,
    group: GroupPolicy,
    signal: AbortSignal,
  ): Promise<RunTarget[]> {
    const subtree = subtreeOf(group, this.context.policy.groups);
    const running = group.intensityPer === 'agent' ? [] : this.members.of(subtree, group, run.failed);
    const byId = new Map(run.targets.map((target) => [target.agentId, target]));
    for (const member of running) {
      const known = byId.get(member.agentId);
      if (!known || member.incarnation > known.incarnation) byId.set(member.agentId, member);
    }
    const members = [...byId.values()];
    const targets = sortByStartOrder(members, await this.startOrders.orderOf(group, run.failed, members));
    for (const target of [...targets].reverse()) {
      const issued = await this.issue(scopeKey, run, [target], 'stop');
      await this.context.commander.send(this.commandOf(issued, target, 'stop'), signal);
    }
    return targets;
  }

  /**
   * The stored run moved on to its next attempt, admitted for the failures and targets of `admitted` (a
   * failure joining after those were read is detected by `joinRestartsAgain` and admitted in turn).
   */
  private nextAttempt(stored: RecoveryRun, admitted: RecoveryRun): RecoveryRun {
    const { rejoined, ...run } = stored;
    return {
      ...run,
      attempt: run.attempt + 1,
      phase: 'commanding',
      commandIds: {},
      // Carried over with the attempt each entry was recorded in: only this attempt's own count in
      // `joinRestartsAgain`. An entry of a record written before those were kept gets the old attempt.
      commanded: rejoined ? (run.commanded ?? {}) : {},
      commandedAttempt: rejoined ? carriedAttempts(run) : {},
      commandRound: 0,
      deadlineAt: undefined,
      coveredFailures: admitted.failureIds.length,
      attemptTargets: admitted.targets.map((target) => target.agentId),
    };
  }

  /** See `joinRestartsAgain`: whether a failure that joined asks this attempt to restart an agent again. */
  private joinRestartsAgain(run: RecoveryRun): boolean {
    return joinRestartsAgain(run, (target) => this.recovered(run, target));
  }

  /**
   * A failure joined the attempt and restarts agents it already restarted (a member crashing again as
   * soon as it came back, say): that is a new restart of the group, so the run goes back to pending and
   * its next attempt passes the intensity gate and takes budget like any other. Joined restarts for free
   * would let one crash-looping member restart its group forever without the group ever giving up.
   */
  private async restartForJoin(scopeKey: string, run: RecoveryRun): Promise<void> {
    const group = this.groupOf(run);
    const backoff = new Backoff(group.backoff);
    const scope = await this.context.store.read<ScopeRecord>(scopeKey);
    const delayMs = backoff.delayMs(
      backoff.nextRestartNumber(scope?.value ?? EMPTY_SCOPE, Date.now()),
      this.context.random,
    );
    await this.context.ledger.record(`${run.runId}:delayed:${run.attempt + 1}`, {
      ...this.entryOf(run),
      kind: 'delayed',
      attempt: run.attempt + 1,
      delayMs,
      summary: `a failure joined attempt ${run.attempt} and restarts agents it already restarted: attempt ${run.attempt + 1} in ${delayMs} ms, counted against intensity and the budget`,
    });
    await this.transition(scopeKey, run.runId, (current) => ({
      ...current,
      phase: 'pending',
      dueAt: Date.now() + delayMs,
      deadlineAt: undefined,
      rejoined: true,
    }));
  }

  /** Whether a target is done: healthy with an incarnation newer than the one the run replaces (or draining). */
  private recovered(run: RecoveryRun, target: RunTarget): boolean {
    if (target.replaceCurrent) return false;
    return run.plan === 'drain-and-quarantine'
      ? this.context.health.draining(target.agentId, target.incarnation)
      : this.context.health.healthyAfter(target.agentId, target.incarnation);
  }

  private sequential(run: RecoveryRun): boolean {
    return (
      this.groupOf(run).restartOrder === 'sequential' &&
      (run.plan === 'restart' || run.plan === 'restart-kill')
    );
  }

  private async command(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    if (this.sequential(run)) await this.commandInOrder(scopeKey, run, signal);
    else await this.commandAll(scopeKey, run, signal);
  }

  /**
   * OTP's restart of a group: in start order, each target commanded once the one before is healthy
   * again. The run is read again before each step, so a target a joining failure added (or whose bar it
   * raised) is commanded in its place in the order; a target's wait timing out fails the attempt.
   */
  private async commandInOrder(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    const { health, policy } = this.context;
    for (;;) {
      signal.throwIfAborted();
      const current = await this.ownedRun(scopeKey, run.runId);
      if (!current) return;
      if (this.joinRestartsAgain(current)) {
        await this.restartForJoin(scopeKey, current);
        return;
      }
      const next = current.targets.find((target) => !this.recovered(current, target));
      if (!next) {
        this.context.metrics.recovered((Date.now() - current.startedAt) / 1000);
        await this.close(scopeKey, current, 'succeeded', this.successSummary(current));
        return;
      }
      if (next.replaceCurrent) {
        await this.pinCurrentIncarnations(scopeKey, run.runId, [next.agentId]);
        continue;
      }
      if (current.commanded?.[next.agentId] === next.incarnation) {
        // Still coming back from the attempt before (carried over): this attempt takes that restart as
        // its own, so the target crashing again once back is a new attempt, not a free restart.
        if (commandedInAttempt(current, next.agentId) === undefined)
          await this.transition(scopeKey, run.runId, (latest) => ({
            ...latest,
            commandedAttempt: { ...latest.commandedAttempt, [next.agentId]: latest.attempt },
          }));
      } else {
        let issued = current;
        let outcome: CommandOutcome = { kind: 'refused', reason: 'not sent' };
        for (let round = 1; round <= MAX_COMMAND_ROUNDS; round++) {
          issued = await this.issue(scopeKey, issued, [next]);
          outcome = await this.sendOne(issued, next, signal);
          if (!isStaleFencingRefusal(outcome)) break;
        }
        if (!this.acceptable(issued, next.agentId, outcome)) {
          await this.attemptFailed(
            scopeKey,
            issued,
            outcome.kind === 'unreachable' ? 'unreachable' : 'refused',
            `${next.agentId}: ${describe(outcome)}`,
          );
          return;
        }
        await this.transition(scopeKey, run.runId, (latest) => ({
          ...latest,
          fencingToken: issued.fencingToken,
          commanded: { ...latest.commanded, [next.agentId]: next.incarnation },
          commandedAttempt: { ...latest.commandedAttempt, [next.agentId]: latest.attempt },
        }));
      }
      const back = await health.waitFor(
        [next.agentId],
        () => health.healthyAfter(next.agentId, next.incarnation),
        Date.now() + policy.execution.healthyDeadlineMs,
        signal,
      );
      if (!back) {
        const latest = (await this.ownedRun(scopeKey, run.runId)) ?? current;
        await this.attemptFailed(
          scopeKey,
          latest,
          'timed-out',
          `${next.agentId} not reported healthy with a new incarnation within ${policy.execution.healthyDeadlineMs} ms; the targets after it in start order were not commanded`,
        );
        return;
      }
    }
  }

  /** Every target not recovered yet at once (`restartOrder: parallel`, and the single-agent plans). */
  private async commandAll(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    let outcomes = new Map<string, CommandOutcome>();
    let issued = await this.pinCurrentIncarnations(
      scopeKey,
      run.runId,
      run.targets.filter((target) => target.replaceCurrent).map((target) => target.agentId),
    );
    const pending = issued.targets.filter((target) => !this.recovered(issued, target));
    for (let round = 1; round <= MAX_COMMAND_ROUNDS; round++) {
      // A fresh write per round: its revision is a fencing token above any decision obeyed so far.
      issued = await this.issue(scopeKey, issued, pending);
      outcomes = await this.sendAll(issued, pending, signal);
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
        // Recorded as a sequential restart records it, so a joining failure that restarts one of these
        // again is seen as a new attempt (see `joinRestartsAgain`).
        commanded: {
          ...current.commanded,
          ...Object.fromEntries(pending.map((target) => [target.agentId, target.incarnation])),
        },
        commandedAttempt: {
          ...current.commandedAttempt,
          ...Object.fromEntries(pending.map((target) => [target.agentId, current.attempt])),
        },
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

  /**
   * Writes the command ids of a round for `targets` (the incarnation is part of the id, so a target
   * commanded again for a newer incarnation gets a new command, not the host's remembered receipt); the
   * write's revision becomes the round's fencing token. Announces each command (step and ledger).
   */
  private async issue(
    scopeKey: string,
    run: RecoveryRun,
    targets: readonly RunTarget[],
    action: RecoveryAction = run.action,
  ): Promise<RecoveryRun> {
    const commandRound = run.commandRound + 1;
    const commandIds: Record<string, string> = {};
    for (const target of targets)
      commandIds[target.agentId] = derivedId(
        'command',
        run.runId,
        run.attempt,
        commandRound,
        target.agentId,
        target.incarnation,
        action,
      );
    const written = await this.transition(scopeKey, run.runId, (current) => ({
      ...current,
      commandIds: { ...current.commandIds, ...commandIds },
      commandRound,
    }));
    const issued: RecoveryRun = { ...written.run, fencingToken: written.revision };
    await Promise.all(
      targets.map(async (target) => {
        await this.context.publications.step({ ...this.stepOf(issued, target), action, phase: 'commanded' });
        await this.context.ledger.record(
          `${issued.runId}:commanded:${issued.attempt}:${commandRound}:${target.agentId}`,
          {
            ...this.entryOf(issued),
            kind: 'commanded',
            agentId: target.agentId,
            hostId: target.hostId,
            incarnation: target.incarnation,
            commandId: commandIds[target.agentId],
            action,
            // A stop before any attempt (the intensity gate refused the first) is part of attempt 1.
            attempt: Math.max(1, issued.attempt),
            fencingToken: written.revision,
            summary: `attempt ${issued.attempt}: ${action} ${target.agentId} on ${target.hostId} (token ${written.revision})`,
          },
        );
      }),
    );
    return issued;
  }

  private async sendAll(
    run: RecoveryRun,
    targets: readonly RunTarget[],
    signal: AbortSignal,
  ): Promise<Map<string, CommandOutcome>> {
    const outcomes = await Promise.all(
      targets.map(async (target) => [target.agentId, await this.sendOne(run, target, signal)] as const),
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
      attempt: Math.max(1, run.attempt),
      timeoutMs: this.context.policy.execution.commandTimeoutMs,
      ...(run.plan === 'restart-kill' ? { graceMs: 0 } : {}),
      reason: this.reasonOf(run),
      issuedBy: this.context.instanceId,
      issuedAt: new Date().toISOString(),
    });
  }

  private async await(scopeKey: string, run: RecoveryRun, signal: AbortSignal): Promise<void> {
    const { health } = this.context;
    const recovered = () => run.targets.every((target) => this.recovered(run, target));
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
    const late = run.targets.filter((target) => !this.recovered(run, target)).map((target) => target.agentId);
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
    // Failed attempts, not attempts: those a join started (see `restartForJoin`) are bounded by intensity.
    const failedAttempts = run.history.length + 1;
    const last = failedAttempts >= policy.execution.maxAttempts;
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
        `${failedAttempts} attempts failed; the last: ${outcome} (${detail})`,
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
    if (kind === 'succeeded' && (await this.reopenedForJoin(scopeKey, run))) return;
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
      const counted = await this.intensity.counted(this.groupOf(run), run.failed);
      await publications.escalate({
        escalationId,
        level: 'operator',
        severity: run.severity === 'critical' ? 'critical' : 'high',
        agentIds: run.targets.map((target) => target.agentId),
        evidence: evidenceOf(run, scope?.value, counted),
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
      const stored = record.run;
      if (stored?.runId !== run.runId) return { result: undefined };
      // A failure that joined after the check above keeps the run open: its agent is not back yet.
      if (kind === 'succeeded' && stored.targets.some((target) => !this.recovered(stored, target)))
        return { next: { ...record, run: { ...stored, phase: 'commanding' } }, result: undefined };
      const handledFailureIds = [...record.handledFailureIds, ...stored.failureIds].slice(
        -REMEMBERED_FAILURES,
      );
      return { next: { ...record, handledFailureIds, run: undefined }, result: undefined };
    });
  }

  /**
   * Fixes the incarnation a `replaceCurrent` target's restart replaces: the newest heard of now, so the
   * target counts as back only once an incarnation after that one is healthy.
   */
  private async pinCurrentIncarnations(
    scopeKey: string,
    runId: string,
    agentIds: readonly string[],
  ): Promise<RecoveryRun> {
    const { health, registry } = this.context;
    const { run } = await this.transition(scopeKey, runId, (current) => ({
      ...current,
      targets: current.targets.map((target) => {
        if (!agentIds.includes(target.agentId) || !target.replaceCurrent) return target;
        const { replaceCurrent: _pinned, ...pinned } = target;
        const incarnation = Math.max(
          target.incarnation,
          health.latestOf(target.agentId)?.incarnation ?? 0,
          registry.get(target.agentId)?.incarnation ?? 0,
        );
        return { ...pinned, incarnation };
      }),
    }));
    return run;
  }

  /**
   * Before a run closes as succeeded: if a joining failure added a target (or raised one's bar) that is
   * not back yet, the run goes back to commanding instead, so that failure is not marked handled with
   * its agent still down.
   */
  private async reopenedForJoin(scopeKey: string, run: RecoveryRun): Promise<boolean> {
    const current = await this.ownedRun(scopeKey, run.runId);
    if (!current || current.targets.every((target) => this.recovered(current, target))) return false;
    await this.transition(scopeKey, run.runId, (latest) => ({ ...latest, phase: 'commanding' }));
    return true;
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

/**
 * The attempts of the `commanded` entries an attempt a join started carries over: those recorded, and
 * for an entry of a record written before they were kept, the attempt it was carried from.
 */
function carriedAttempts(run: RecoveryRun): Record<string, number> {
  return Object.fromEntries(
    Object.keys(run.commanded ?? {}).map((agentId) => [
      agentId,
      run.commandedAttempt?.[agentId] ?? run.attempt,
    ]),
  );
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
