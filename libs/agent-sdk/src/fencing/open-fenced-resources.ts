import { Kvm } from '@nats-io/kv';
import { Buckets } from '@warden/contracts';
import { FencedResources, type FencedResourcesOptions, type NatsClient } from '@warden/messaging';

/**
 * The fencing check for an agent that guards a resource: refuses an action whose token (from a lock
 * grant or an election) is below the highest admitted for that resource, durably, in the `fences`
 * bucket (keys `fence.<resource>`, which the consensus coordinator creates). Every replica of the
 * guarding agent shares the same fences. The bucket is not `coordination`, so an agent's NATS
 * permissions can allow its fences without allowing writes to lock and election records.
 */
export async function openFencedResources<T = unknown>(
  client: NatsClient,
  options?: FencedResourcesOptions<T>,
): Promise<FencedResources<T>> {
  const kv = await new Kvm(client.connection).open(Buckets.fences.name);
  return new FencedResources<T>(kv, options);
}
