import { Kvm } from '@nats-io/kv';
import {
  Buckets,
  ConsensusAccept,
  ConsensusAccepted,
  ConsensusPrepare,
  ConsensusPromise,
  Subjects,
  createMessage,
  messageTypeOf,
} from '@warden/contracts';
import type { CoreSubscription, Messaging } from '@warden/messaging';
import { KvAcceptorStore } from './kv-acceptor-store';
import { PaxosAcceptor } from './paxos-acceptor';

/**
 * Makes an agent a Paxos acceptor: answers prepare and accept on `agent.<agentId>.consensus`, keeping
 * its promises and accepted values in the `consensus` bucket so a restart cannot break agreement.
 * Stop the returned subscription when the agent stops.
 */
export async function serveConsensusAcceptor(
  messaging: Messaging,
  agentId: string,
): Promise<CoreSubscription> {
  const kv = await new Kvm(messaging.client.connection).open(Buckets.consensus.name);
  const acceptor = new PaxosAcceptor(agentId, new KvAcceptorStore(kv, agentId));
  return messaging.serveRequests<ConsensusPrepare | ConsensusAccept, ConsensusPromise | ConsensusAccepted>(
    Subjects.agentConsensus(agentId),
    {
      [messageTypeOf(ConsensusPrepare)]: ConsensusPrepare,
      [messageTypeOf(ConsensusAccept)]: ConsensusAccept,
    },
    async (request) =>
      request instanceof ConsensusAccept
        ? createMessage(
            ConsensusAccepted,
            await acceptor.accept(request.instanceId, request.ballot, request.value),
          )
        : createMessage(ConsensusPromise, await acceptor.prepare(request.instanceId, request.ballot)),
    { queue: agentId, concurrency: 16 },
  );
}
