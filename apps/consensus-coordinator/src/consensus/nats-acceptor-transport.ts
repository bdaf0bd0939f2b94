import {
  ConsensusAccept,
  ConsensusAccepted,
  ConsensusPrepare,
  ConsensusPromise,
  Subjects,
  type Ballot,
} from '@warden/contracts';
import type { AcceptedReply, PromiseReply } from '@warden/agent-sdk';
import type { Publisher } from '@warden/messaging';
import type { AcceptorTransport } from './paxos-proposer';

/** Prepare and accept as requests to each agent's `agent.<id>.consensus` inbox. */
export class NatsAcceptorTransport implements AcceptorTransport {
  constructor(
    private readonly publisher: Publisher,
    private readonly timeoutMs: number,
  ) {}

  prepare(acceptorId: string, instanceId: string, ballot: Ballot): Promise<PromiseReply> {
    return this.publisher.request(
      Subjects.agentConsensus(acceptorId),
      ConsensusPrepare,
      { instanceId, ballot },
      ConsensusPromise,
      { timeoutMs: this.timeoutMs },
    );
  }

  accept(acceptorId: string, instanceId: string, ballot: Ballot, value: string): Promise<AcceptedReply> {
    return this.publisher.request(
      Subjects.agentConsensus(acceptorId),
      ConsensusAccept,
      { instanceId, ballot, value },
      ConsensusAccepted,
      { timeoutMs: this.timeoutMs },
    );
  }
}
