import type { Heartbeat, HeartbeatLoadFigures, HeartbeatTaskCounters } from '@warden/contracts';

/** The heartbeat fields the signal rules read (no rule looks at capacity). */
export type HeartbeatFigures = Omit<HeartbeatLoadFigures, 'capacity'> &
  HeartbeatTaskCounters &
  Pick<Heartbeat, 'sequence' | 'dependenciesDown'>;
