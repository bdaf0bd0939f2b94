import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import type { RecoveryContext } from '../engine/recovery-context';
import { EMPTY_SCOPE, RecoveryKeys, type ScopeRecord } from '../state/recovery-records';
import { RunExecutor, RunLostError } from './run-executor';

interface LocalRun {
  runId: string;
  abort: AbortController;
  done: Promise<void>;
}

interface KnownRun {
  runId: string;
  owner: string;
  leaseUntil: number;
}

class CoordinatorStoppingError extends Error {
  override readonly name = 'CoordinatorStoppingError';
}

const decoder = new TextDecoder();

/**
 * Runs this replica's recovery runs and keeps their leases, and takes over the runs of replicas that
 * died: it watches every scope record, and a run whose lease lapsed is claimed by compare-and-set (one
 * replica wins) and resumed from its recorded phase. A run's lease is renewed every third of
 * `runLeaseMs`; a renewal that finds the run owned by someone else aborts the local execution at once.
 */
export class RunSupervisor {
  private readonly executor: RunExecutor;
  private readonly local = new Map<string, LocalRun>();
  private readonly known = new Map<string, KnownRun>();
  private watcher?: QueuedIterator<KvWatchEntry>;
  private following?: Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;

  constructor(
    private readonly context: RecoveryContext,
    private readonly kv: KV,
  ) {
    this.executor = new RunExecutor(context, (scopeKey, runId) => this.run(scopeKey, runId));
  }

  get activeRuns(): number {
    return this.local.size;
  }

  async start(): Promise<void> {
    this.watcher = await this.kv.watch({ key: RecoveryKeys.scopes });
    this.following = this.follow(this.watcher);
    const leaseMs = this.context.policy.execution.runLeaseMs;
    this.timers = [
      setInterval(() => void this.renewLeases(), leaseMs / 3),
      setInterval(() => void this.takeOverLapsed(), leaseMs / 2),
    ];
  }

  /** Stops taking runs over and aborts the local ones; their leases lapse and another replica resumes them. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.watcher?.stop();
    await this.following;
    const leaving = [...this.local.entries()];
    for (const [, run] of leaving) run.abort.abort(new CoordinatorStoppingError('coordinator stopping'));
    await Promise.allSettled(leaving.map(([, run]) => run.done));
    // Handing the leases back lets another replica resume at once instead of after runLeaseMs.
    await Promise.allSettled(leaving.map(([scopeKey, run]) => this.release(scopeKey, run.runId)));
  }

  /** Starts executing a run this replica just created (its record names this replica as owner). */
  run(scopeKey: string, runId: string): void {
    if (this.stopping || this.local.get(scopeKey)?.runId === runId) return;
    const abort = new AbortController();
    const done = this.executor
      .execute(scopeKey, runId, abort.signal)
      .catch((error: unknown) => {
        if (abort.signal.aborted || error instanceof RunLostError) {
          this.context.logger.info(
            { scopeKey, runId, reason: (error as Error).message },
            'recovery run left to another replica',
          );
          return;
        }
        // The run stays in its record; its lease lapses and a replica (maybe this one) resumes it.
        this.context.logger.error(
          { err: error, scopeKey, runId },
          'recovery run step failed; it resumes after its lease lapses',
        );
      })
      .finally(() => {
        if (this.local.get(scopeKey)?.runId === runId) this.local.delete(scopeKey);
        this.context.metrics.activeRuns(this.local.size);
      });
    this.local.set(scopeKey, { runId, abort, done });
    this.context.metrics.activeRuns(this.local.size);
  }

  private async release(scopeKey: string, runId: string): Promise<void> {
    await this.context.store.mutate<ScopeRecord, void>(scopeKey, EMPTY_SCOPE, (record) => {
      if (record.run?.runId !== runId || record.run.owner !== this.context.instanceId)
        return { result: undefined };
      return { next: { ...record, run: { ...record.run, leaseUntil: 0 } }, result: undefined };
    });
  }

  private async follow(watcher: QueuedIterator<KvWatchEntry>): Promise<void> {
    for await (const entry of watcher) {
      let run: ScopeRecord['run'];
      try {
        run =
          entry.operation === 'PUT'
            ? (JSON.parse(decoder.decode(entry.value)) as ScopeRecord).run
            : undefined;
      } catch (error) {
        this.context.logger.error({ err: error, key: entry.key }, 'unreadable recovery scope record ignored');
      }
      if (run) this.known.set(entry.key, { runId: run.runId, owner: run.owner, leaseUntil: run.leaseUntil });
      else this.known.delete(entry.key);
    }
  }

  private async renewLeases(): Promise<void> {
    const leaseMs = this.context.policy.execution.runLeaseMs;
    await Promise.all(
      [...this.local.entries()].map(async ([scopeKey, local]) => {
        try {
          const { result } = await this.context.store.mutate<ScopeRecord, boolean>(
            scopeKey,
            EMPTY_SCOPE,
            (record) => {
              if (record.run?.runId !== local.runId || record.run.owner !== this.context.instanceId)
                return { result: false };
              return {
                next: { ...record, run: { ...record.run, leaseUntil: Date.now() + leaseMs } },
                result: true,
              };
            },
          );
          if (!result) local.abort.abort(new RunLostError(scopeKey, local.runId));
        } catch (error) {
          this.context.logger.warn({ err: error, scopeKey }, 'recovery run lease not renewed');
        }
      }),
    );
  }

  private async takeOverLapsed(): Promise<void> {
    if (this.stopping) return;
    const now = Date.now();
    for (const [scopeKey, known] of this.known) {
      if (this.local.get(scopeKey)?.runId === known.runId) continue;
      // A run recorded under this replica's own id but not running here belonged to its previous life.
      if (known.leaseUntil > now && known.owner !== this.context.instanceId) continue;
      try {
        await this.claim(scopeKey, known.runId);
      } catch (error) {
        this.context.logger.warn({ err: error, scopeKey }, 'taking a lapsed recovery run over failed');
      }
    }
  }

  private async claim(scopeKey: string, runId: string): Promise<void> {
    const leaseMs = this.context.policy.execution.runLeaseMs;
    const { result } = await this.context.store.mutate<ScopeRecord, string | undefined>(
      scopeKey,
      EMPTY_SCOPE,
      (record) => {
        const run = record.run;
        const now = Date.now();
        if (!run || run.runId !== runId) return { result: undefined };
        if (run.leaseUntil > now && run.owner !== this.context.instanceId) return { result: undefined };
        return {
          next: { ...record, run: { ...run, owner: this.context.instanceId, leaseUntil: now + leaseMs } },
          result: `${run.owner} → ${this.context.instanceId} in phase ${run.phase}`,
        };
      },
    );
    if (result === undefined) return;
    this.context.logger.info({ scopeKey, runId, handover: result }, 'lapsed recovery run taken over');
    this.run(scopeKey, runId);
  }
}
