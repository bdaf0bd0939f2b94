import type { TaskPriority } from '@warden/contracts';

/**
 * Priority lanes as capacity reservation: a task of a lane may only go to an agent whose work is
 * below this share of its capacity, so low-priority work can never fill the fleet and critical work
 * always finds room (it may even queue at an agent beyond its capacity). One scale, low < normal <
 * high < critical, the contracts' TASK_PRIORITIES.
 */
export const LANE_CAPACITY_SHARE: Readonly<Record<TaskPriority, number>> = {
  low: 0.5,
  normal: 0.8,
  high: 1,
  critical: 1.5,
};

export const LANE_ORDER: readonly TaskPriority[] = ['critical', 'high', 'normal', 'low'];
