import type { Ballot } from '@warden/contracts';

/** What one acceptor remembers about one consensus instance; it must survive a restart. */
export interface AcceptorState {
  promised?: Ballot;
  acceptedBallot?: Ballot;
  acceptedValue?: string;
}

/**
 * Durable acceptor memory. `save` resolves only once the state is stored: the acceptor answers after it,
 * so a promise or an acceptance it sent can never be forgotten by a crash.
 */
export interface AcceptorStore {
  load(instanceId: string): Promise<AcceptorState | undefined>;
  save(instanceId: string, state: AcceptorState): Promise<void>;
}
