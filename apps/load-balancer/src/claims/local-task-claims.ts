import type { TaskResult, TaskRunRecord } from '@warden/contracts';
import type { ClaimOutcome, ClaimRequest, TaskClaims } from './task-claims';

/** Task claims of one process (no other replica to agree with): every claim is this replica's. */
export class LocalTaskClaims implements TaskClaims {
  async claim(_request: ClaimRequest): Promise<ClaimOutcome> {
    return { kind: 'ours' };
  }

  async read(_taskId: string): Promise<TaskRunRecord | undefined> {
    return undefined;
  }

  async finished(_taskId: string, _deadline: number): Promise<TaskResult | undefined> {
    return undefined;
  }

  async finish(_taskId: string, _result: TaskResult): Promise<void> {}

  async release(_taskId: string): Promise<void> {}
}
