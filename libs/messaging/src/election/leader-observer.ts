import { electionKey } from './leader-election';
import type { LeaseStore } from './lease-store';

export interface ObservedLeader {
  domain: string;
  leaderId: string;
  fencingToken: number;
  leaseTtlMs: number;
  renewedAt: string;
}

const PREFIX = electionKey('');

/**
 * Who leads which domain, read from the lease records. A lease whose holder's last renewal is more than
 * a TTL old by this reader's wall clock is left out: it is only a hint for queries and dashboards (the
 * election itself never relies on synchronised clocks).
 */
export async function currentLeaders(
  store: LeaseStore,
  now: number = Date.now(),
  domain?: string,
): Promise<ObservedLeader[]> {
  const leases = domain
    ? new Map([[electionKey(domain), await store.read(electionKey(domain))]])
    : await store.list(PREFIX);
  const leaders: ObservedLeader[] = [];
  for (const [key, lease] of leases) {
    if (!lease) continue;
    const ttlMs = lease.record.ttlMs ?? 0;
    if (ttlMs > 0 && now - Date.parse(lease.record.renewedAt) > ttlMs) continue;
    leaders.push({
      domain: key.slice(PREFIX.length),
      leaderId: lease.record.holderId,
      fencingToken: lease.record.fencingToken ?? lease.revision,
      leaseTtlMs: ttlMs,
      renewedAt: lease.record.renewedAt,
    });
  }
  return leaders.sort((a, b) => a.domain.localeCompare(b.domain));
}

/**
 * Revokes the leases a convicted holder holds, at once rather than at TTL expiry: deletes each of its
 * keys by CAS (a renewal in between wins). The holder notices within one poll and stops; a contender
 * claims the free key at its next look. Returns the domains revoked.
 */
export async function revokeLeadershipsOf(store: LeaseStore, holderId: string): Promise<string[]> {
  const revoked: string[] = [];
  for (const [key, lease] of await store.list(PREFIX)) {
    if (lease.record.holderId !== holderId) continue;
    if (await store.remove(key, lease.revision)) revoked.push(key.slice(PREFIX.length));
  }
  return revoked;
}
