import { TaskFailedError, type TaskHandler } from '@warden/agent-sdk';
import type { AgentConditions } from '../faults/agent-conditions';
import type { SeededRandom } from '@warden/agent-sdk';

export interface WorkShape {
  meanMs: number;
  jitterRatio: number;
}

/**
 * The task handler of a simulated agent: it waits a jittered duration (times the agent's slowness),
 * waits out a hang, and fails at the agent's current error ratio. It runs inside the SDK's TaskRunner,
 * so the heartbeat figures (latency, error ratio, in-flight) are the SDK's real measurements of it.
 */
export function simulatedWork(
  agentId: string,
  conditions: AgentConditions,
  shape: WorkShape,
  random: SeededRandom,
): TaskHandler {
  return async (_task, { signal }) => {
    const condition = conditions.of(agentId);
    if (condition.hung) await untilOrAborted(condition.hangOver, signal);
    const jitter = 1 + shape.jitterRatio * (2 * random.next() - 1);
    await sleep(Math.max(0, shape.meanMs * jitter * condition.slowFactor), signal);
    if (condition.errorRatio > 0 && random.next() < condition.errorRatio) {
      throw new TaskFailedError('simulated-error', `simulated failure on ${agentId}`);
    }
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function untilOrAborted(released: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
    void released.then(() => resolve());
  });
}
