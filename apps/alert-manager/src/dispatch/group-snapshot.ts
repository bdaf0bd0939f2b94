import type { AlertRecord } from '../domain/alert';
import type { Route } from '../routing/route';

/** One aggregation group at the moment it is flushed: what a notification about it would say. */
export interface GroupSnapshot {
  /** `<route id>:<group labels>`: unique per route and label values, stable across restarts. */
  key: string;
  route: Route;
  groupLabels: Readonly<Record<string, string>>;
  /** Firing and neither silenced nor inhibited. */
  firing: AlertRecord[];
  resolved: AlertRecord[];
  /** Firing but silenced or inhibited: left out of the notification. */
  muted: number;
  at: number;
}

/**
 * Does the notification side effects of one flush. Resolves true when the group's state is settled
 * (notified, or nothing to say), false when it must be tried again at the next group interval.
 */
export type FlushHandler = (snapshot: GroupSnapshot) => Promise<boolean>;

/** Which firing alerts are muted now (silenced or inhibited), decided over every alert the manager knows. */
export type MuteCheck = (now: number) => (alert: AlertRecord) => boolean;
