import { context as otelContext, type Context } from '@opentelemetry/api';
import {
  AgentControlCommand,
  Heartbeat,
  Subjects,
  TaskDispatch,
  TaskResult,
  assertIdToken,
  type AgentLifecycle,
  type CommandReceipt,
} from '@warden/contracts';
import { RequestRejectedError, type CoreSubscription, type Messaging } from '@warden/messaging';
import { commandReceipt, ReceiptMemory } from '../control/receipt-memory';
import { CommandGate } from '../control/command-gate';
import { Listeners } from '../events/listeners';
import { DependenciesDown } from '../heartbeat/dependencies-down';
import { HeartbeatComposer } from '../heartbeat/heartbeat-composer';
import { AgentLifecycleMachine, InvalidLifecycleTransitionError } from '../lifecycle/agent-lifecycle-machine';
import { nextIncarnation } from '../lifecycle/incarnation';
import { LoadMeter, type LoadFigures } from '../load/load-meter';
import type { CancelJob } from '../scheduling/periodic-scheduler';
import { ActiveTasks, taskResultOf, type TaskOutput } from '../tasks/task-attempt';
import { AgentNotAcceptingTasksError, AgentOverloadedError } from '../tasks/task-errors';
import type { TaskHandler } from '../tasks/task-handler';
import { TaskRunner } from '../tasks/task-runner';
import { asOwnTrace, inTaskSpan } from '../tracing/agent-spans';
import type { AgentEvents, AgentHandle, StopOptions } from './agent-handle';
import { InvalidAgentOptionsError, type AgentRuntime, type AgentSpec } from './agent-options';

const DEFAULT_STOP_GRACE_MS = 10_000;

/** A failed attempt with how long it ran, so a result reports the duration whichever way it ended. */
class AttemptFailure {
  constructor(
    readonly error: unknown,
    readonly durationMs: number,
  ) {}
}

interface AttemptOutput {
  output: TaskOutput;
  durationMs: number;
}

/**
 * One agent incarnation: heartbeats with real figures, the task inbox, the control inbox and the
 * lifecycle. Everything it sends goes through one Messaging, which the host can replace (a host whose
 * connection dropped and came back) without the agent starting over: same incarnation, next sequence.
 */
export class Agent implements AgentHandle {
  readonly incarnation = nextIncarnation();
  private readonly machine = new AgentLifecycleMachine();
  private readonly meter: LoadMeter;
  private readonly runner: TaskRunner;
  private readonly composer: HeartbeatComposer;
  private readonly dependenciesDown = new DependenciesDown();
  private readonly active = new ActiveTasks();
  private readonly gate = new CommandGate();
  private readonly receipts = new ReceiptMemory();
  private readonly events: Listeners<AgentEvents>;
  private readonly heartbeatSubject: string;
  private readonly resultPublishes = new Set<Promise<void>>();
  private handler?: TaskHandler;
  private messaging?: Messaging;
  private subscriptions: CoreSubscription[] = [];
  private cancelBeats?: CancelJob;
  private stopping?: Promise<void>;
  private crashed = false;

  constructor(
    private readonly spec: AgentSpec,
    private readonly runtime: AgentRuntime,
  ) {
    validateSpec(spec);
    this.heartbeatSubject = Subjects.heartbeatOf(spec.id);
    this.meter = new LoadMeter(spec.capacity, runtime.resources);
    if (spec.figures) this.meter.override(spec.figures);
    this.runner = new TaskRunner({
      agentId: spec.id,
      capacity: spec.capacity,
      queueLimit: spec.queueLimit ?? spec.capacity,
      rememberedOutcomes: spec.rememberedTasks ?? 1000,
      meter: this.meter,
      refusal: () => this.refusal(),
    });
    this.composer = new HeartbeatComposer({
      agentId: spec.id,
      hostId: spec.hostId,
      zone: spec.zone,
      capabilities: spec.capabilities,
      incarnation: this.incarnation,
      intervalMs: spec.heartbeatIntervalMs,
    });
    this.events = new Listeners((error, event) =>
      runtime.logger.error({ err: error, agentId: spec.id, event }, 'Agent event listener failed'),
    );
  }

  get id(): string {
    return this.spec.id;
  }

  get hostId(): string {
    return this.spec.hostId;
  }

  get zone(): string {
    return this.spec.zone;
  }

  get lifecycle(): AgentLifecycle {
    return this.machine.state;
  }

  get paused(): boolean {
    return this.machine.isPaused;
  }

  get alive(): boolean {
    return !this.crashed && this.machine.state !== 'stopped';
  }

  /** The sequence number of the last heartbeat sent. */
  get lastSequence(): number {
    return this.composer.lastSequence;
  }

  /** Opens the inboxes, announces `starting` (attach beats at once) and beats every interval from now on. */
  async start(messaging: Messaging): Promise<void> {
    await this.attach(messaging);
    this.cancelBeats = this.runtime.scheduler.every(this.spec.heartbeatIntervalMs, () => this.beat());
  }

  /** Serves the inboxes over `messaging` and beats through it (a start, or a host's new connection). */
  async attach(messaging: Messaging): Promise<void> {
    const subscriptions = await Promise.all([
      messaging.serveRequests(Subjects.agentTasks(this.id), TaskDispatch, (task) => this.onDispatch(task), {
        queue: this.id,
      }),
      messaging.serveRequests(
        Subjects.agentControl(this.id),
        AgentControlCommand,
        (command) => this.onControl(command),
        {
          queue: this.id,
          concurrency: 4,
        },
      ),
    ]);
    this.subscriptions = subscriptions;
    this.messaging = messaging;
    this.beat();
  }

  /** Stops serving and beating over the current connection (closed, or about to be). */
  async detach(): Promise<void> {
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    this.messaging = undefined;
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  }

  onTask(handler: TaskHandler): void {
    this.handler = handler;
    if (this.machine.state === 'starting') this.transition('ready');
  }

  /** `trace`: the context the task arrived in; its handler span continues that trace. */
  async runTask(task: TaskDispatch, trace: Context = otelContext.active()): Promise<TaskResult> {
    let result: TaskResult;
    try {
      const { output, durationMs } = await this.runner.submit(task.taskId, () => this.attempt(task, trace));
      result = taskResultOf(task, this.id, { output }, durationMs);
    } catch (error) {
      if (error instanceof AgentNotAcceptingTasksError || error instanceof AgentOverloadedError) throw error;
      const failure = error instanceof AttemptFailure ? error : new AttemptFailure(error, 0);
      result = taskResultOf(task, this.id, { error: failure.error }, failure.durationMs);
    }
    this.events.emit('task', result);
    return result;
  }

  drain(graceMs?: number): Promise<boolean> {
    this.transition('draining');
    return this.settle(graceMs);
  }

  pause(): void {
    if (!this.alive || this.machine.state === 'stopping')
      throw new InvalidLifecycleTransitionError(this.machine.state, 'ready');
    this.machine.pause();
  }

  resume(): void {
    const previous = this.machine.state;
    if (previous === 'stopping' || previous === 'stopped')
      throw new InvalidLifecycleTransitionError(previous, 'ready');
    this.machine.resume();
    this.announce(previous);
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.stopping ??= this.shutdown(options.graceMs ?? DEFAULT_STOP_GRACE_MS);
    return this.stopping;
  }

  kill(): void {
    if (!this.alive) return;
    this.crashed = true;
    this.cancelBeats?.();
    this.runner.abandonQueued();
    this.active.cancelAll();
    void this.detach();
  }

  reportDependency(name: string, state: 'up' | 'down'): void {
    this.dependenciesDown.report(name, state);
  }

  overrideFigures(figures: Partial<LoadFigures>): void {
    this.meter.override(figures);
  }

  clearFigureOverrides(): void {
    this.meter.clearOverrides();
    if (this.spec.figures) this.meter.override(this.spec.figures);
  }

  figures(): LoadFigures {
    return this.meter.figures(Date.now());
  }

  on<K extends keyof AgentEvents>(event: K, listener: AgentEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  private async shutdown(graceMs: number): Promise<void> {
    if (!this.alive) return;
    this.transition('stopping');
    await this.settle(graceMs);
    await Promise.all(this.resultPublishes);
    this.transition('stopped');
    this.cancelBeats?.();
    await this.detach();
  }

  /** Waits for in-flight and queued work; past the grace, drops the queue and cancels what still runs. */
  private async settle(graceMs: number | undefined): Promise<boolean> {
    if (graceMs === undefined) {
      await this.runner.idle();
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const finished = await Promise.race([this.runner.idle().then(() => true as const), graceOver]);
    clearTimeout(timer);
    if (!finished) {
      this.runner.abandonQueued();
      this.active.cancelAll();
      await this.runner.idle();
    }
    return finished;
  }

  private async attempt(task: TaskDispatch, trace: Context): Promise<AttemptOutput> {
    const handler = this.handler;
    const startedAt = performance.now();
    if (!handler) throw new AttemptFailure(new AgentNotAcceptingTasksError(this.id, 'no task handler'), 0);
    try {
      const output = await inTaskSpan(task, this, trace, () =>
        this.active.run(handler, task, { agentId: this.id, incarnation: this.incarnation }),
      );
      return { output, durationMs: performance.now() - startedAt };
    } catch (error) {
      throw new AttemptFailure(error, performance.now() - startedAt);
    }
  }

  private refusal(): string | undefined {
    if (this.crashed) return 'crashed';
    if (this.machine.acceptsTasks) return this.handler ? undefined : 'no task handler registered';
    return this.machine.isPaused && this.machine.state === 'ready' ? 'paused' : this.machine.state;
  }

  private onDispatch(task: TaskDispatch): CommandReceipt {
    const refused = this.runner.refusalOf(task.taskId);
    if (refused)
      throw new RequestRejectedError(
        refused instanceof AgentOverloadedError ? 'rejected' : 'unavailable',
        refused.message,
      );
    const firstDelivery = !this.runner.knows(task.taskId);
    const result = this.runTask(task);
    if (firstDelivery) this.trackResultPublish(result);
    else void result.catch(() => undefined);
    return commandReceipt(task.taskId, this.id);
  }

  private trackResultPublish(result: Promise<TaskResult>): void {
    const publishing = result.then(
      (finished) => this.publishResult(finished),
      (error: unknown) =>
        this.runtime.logger.warn(
          { err: error, agentId: this.id },
          'Dispatched task refused after its receipt',
        ),
    );
    this.resultPublishes.add(publishing);
    void publishing.finally(() => this.resultPublishes.delete(publishing));
  }

  private async publishResult(result: TaskResult): Promise<void> {
    const messaging = this.messaging;
    if (this.spec.publishTaskResults === false || this.crashed || !messaging) return;
    try {
      await messaging.publisher.publishDurable(Subjects.taskResult(this.id), TaskResult, result);
    } catch (error) {
      this.runtime.logger.warn(
        { err: error, agentId: this.id, taskId: result.taskId },
        'Task result could not be stored',
      );
    }
  }

  private onControl(command: AgentControlCommand): CommandReceipt {
    const remembered = this.receipts.recall(command.commandId);
    if (remembered) return remembered;
    const refusal = this.controlRefusal(command) ?? this.obey(command);
    const receipt = this.receipts.remember(commandReceipt(command.commandId, this.id, refusal));
    this.events.emit('control', command, receipt);
    return receipt;
  }

  private controlRefusal(command: AgentControlCommand): string | undefined {
    if (command.agentId !== this.id) return `addressed to agent ${command.agentId}, this is ${this.id}`;
    const verdict = this.gate.check(command, this.incarnation);
    return verdict.accepted ? undefined : verdict.reason;
  }

  /** Carries out an admitted command; returns why it could not, if the lifecycle forbids it. */
  private obey(command: AgentControlCommand): string | undefined {
    try {
      switch (command.action) {
        case 'drain':
          void this.drain(command.graceMs);
          break;
        case 'pause':
          this.pause();
          break;
        case 'resume':
          this.resume();
          break;
        case 'stop':
          if (this.machine.state === 'stopped')
            throw new InvalidLifecycleTransitionError('stopped', 'stopping');
          void this.stop({ graceMs: command.graceMs });
          break;
      }
    } catch (error) {
      if (error instanceof InvalidLifecycleTransitionError) return error.message;
      throw error;
    }
    this.gate.accept(command);
    return undefined;
  }

  private transition(to: AgentLifecycle): void {
    const previous = this.machine.state;
    this.machine.transition(to);
    this.announce(previous);
  }

  /** A lifecycle change goes out at once in a heartbeat, not at the next tick. */
  private announce(previous: AgentLifecycle): void {
    if (this.machine.state === previous) return;
    this.beat();
    this.events.emit('lifecycle', this.machine.state, previous);
  }

  private beat(): void {
    const messaging = this.messaging;
    // While disconnected nothing is sent: the client would buffer beats and deliver them late, stale.
    if (this.crashed || !messaging || !messaging.client.isConnected) return;
    const heartbeat: Heartbeat = this.composer.next(
      this.machine.state,
      this.meter.figures(Date.now()),
      new Date(),
      this.dependenciesDown.names,
    );
    try {
      asOwnTrace(() => messaging.publisher.publish(this.heartbeatSubject, Heartbeat, heartbeat));
    } catch (error) {
      this.runtime.logger.warn({ err: error, agentId: this.id }, 'Heartbeat not sent');
    }
  }
}

function validateSpec(spec: AgentSpec): void {
  assertIdToken('agent id', spec.id);
  assertIdToken('host id', spec.hostId);
  assertIdToken('zone', spec.zone);
  for (const capability of spec.capabilities) assertIdToken('capability', capability);
  const positive = (field: string, value: number | undefined): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new InvalidAgentOptionsError(spec.id, field, `must be a positive integer, got ${value}`);
    }
  };
  positive('capacity', spec.capacity);
  positive('heartbeatIntervalMs', spec.heartbeatIntervalMs);
  positive('rememberedTasks', spec.rememberedTasks);
  if (spec.queueLimit !== undefined && (!Number.isInteger(spec.queueLimit) || spec.queueLimit < 0)) {
    throw new InvalidAgentOptionsError(
      spec.id,
      'queueLimit',
      `must be a non-negative integer, got ${spec.queueLimit}`,
    );
  }
}
