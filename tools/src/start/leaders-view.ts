import type { DomainLeader } from '@warden/contracts';

/**
 * What the view knows about elections: the consensus coordinator's last answer. Its own file because both
 * the view state (which holds it) and the leaders panel (which fills and draws it) need it.
 */
export interface LeadersView {
  readonly lastAnswerAt?: number;
  readonly problem?: string;
  /** Ordered by domain. */
  readonly leaders: readonly DomainLeader[];
}
