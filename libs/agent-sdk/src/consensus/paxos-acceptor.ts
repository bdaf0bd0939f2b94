import type { Ballot } from '@warden/contracts';
import type { AcceptorState, AcceptorStore } from './acceptor-store';
import { compareBallots } from './ballot-order';

export interface PromiseReply {
  instanceId: string;
  acceptorId: string;
  ballot: Ballot;
  promised: boolean;
  highestPromised?: Ballot;
  acceptedBallot?: Ballot;
  acceptedValue?: string;
}

export interface AcceptedReply {
  instanceId: string;
  acceptorId: string;
  ballot: Ballot;
  accepted: boolean;
  highestPromised?: Ballot;
}

/**
 * The acceptor of single-decree Paxos, one per agent, for any number of instances.
 *
 * - prepare(b): promises when b is strictly above every ballot promised so far (strictly, so a proposer
 *   restarted with its old ballot cannot gather a second quorum for it), reporting its accepted value;
 * - accept(b, v): accepts when b is at least the highest promise.
 *
 * State is saved before the reply, and requests for one instance are handled one at a time, so
 * duplicates, reordering and restarts cannot make it answer inconsistently. Plain class: the agent SDK
 * serves it over NATS and the deterministic simulation drives the same code.
 */
export class PaxosAcceptor {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly acceptorId: string,
    private readonly store: AcceptorStore,
  ) {}

  prepare(instanceId: string, ballot: Ballot): Promise<PromiseReply> {
    return this.serialised(instanceId, async () => {
      const state = (await this.store.load(instanceId)) ?? {};
      const base = { instanceId, acceptorId: this.acceptorId, ballot };
      if (state.promised && compareBallots(ballot, state.promised) <= 0) {
        return { ...base, promised: false, highestPromised: state.promised };
      }
      await this.store.save(instanceId, { ...state, promised: ballot });
      return {
        ...base,
        promised: true,
        ...(state.acceptedBallot
          ? { acceptedBallot: state.acceptedBallot, acceptedValue: state.acceptedValue }
          : {}),
      };
    });
  }

  accept(instanceId: string, ballot: Ballot, value: string): Promise<AcceptedReply> {
    return this.serialised(instanceId, async () => {
      const state = (await this.store.load(instanceId)) ?? {};
      const base = { instanceId, acceptorId: this.acceptorId, ballot };
      if (state.promised && compareBallots(ballot, state.promised) < 0) {
        return { ...base, accepted: false, highestPromised: state.promised };
      }
      const next: AcceptorState = { promised: ballot, acceptedBallot: ballot, acceptedValue: value };
      await this.store.save(instanceId, next);
      return { ...base, accepted: true };
    });
  }

  private serialised<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(instanceId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.queues.set(instanceId, tail);
    void tail.then(() => {
      if (this.queues.get(instanceId) === tail) this.queues.delete(instanceId);
    });
    return run;
  }
}
