import { BreakerTransition, SubjectWildcards, TaskAssigned, TaskResult } from '@warden/contracts';
import type { Messaging } from '@warden/messaging';
import type { RoutingPanelModel } from './routing-panel-model';

/** Feeds the routing panel from the bus; `queue` is unique per observer so it sees every event. */
export async function observeRouting(
  messaging: Messaging,
  model: RoutingPanelModel,
  queue: string,
): Promise<void> {
  const options = { queue, concurrency: 1 };
  await Promise.all([
    messaging.subscribeCore(
      SubjectWildcards.taskAssigned,
      TaskAssigned,
      (a) => model.assigned(a, Date.now()),
      options,
    ),
    messaging.subscribeCore(SubjectWildcards.taskResult, TaskResult, (r) => model.resulted(r), options),
    messaging.subscribeCore(
      SubjectWildcards.breakerTransition,
      BreakerTransition,
      (t) => model.breaker(t),
      options,
    ),
  ]);
}
