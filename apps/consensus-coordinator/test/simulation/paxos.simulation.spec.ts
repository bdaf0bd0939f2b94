import { compareBallots, PaxosAcceptor, type AcceptorState, type AcceptorStore } from '@warden/agent-sdk';
import type { Ballot } from '@warden/contracts';
import {
  PaxosProposer,
  type AcceptorTransport,
  type PaxosDecision,
} from '../../src/consensus/paxos-proposer';
import { LossyNetwork, STABLE_NETWORK } from './lossy-network';
import { SeededRandom } from '@warden/agent-sdk';
import { VirtualScheduler } from './virtual-scheduler';

const SEEDS = 1500;
const INSTANCE = 'config-1';
const CHAOS_MS = 2_000;
const STABLE_DEADLINE_MS = 20_000;

/** Durable memory of one acceptor (survives its crashes), with a log of every acceptance it stored. */
class SimulatedDisk implements AcceptorStore {
  private readonly states = new Map<string, AcceptorState>();

  constructor(
    private readonly acceptorId: string,
    private readonly acceptances: Array<{ acceptorId: string; ballot: Ballot; value: string }>,
    private readonly scheduler: VirtualScheduler,
    private readonly random: SeededRandom,
  ) {}

  async load(instanceId: string): Promise<AcceptorState | undefined> {
    await this.scheduler.sleep(this.random.between(0, 3));
    const state = this.states.get(instanceId);
    return state && structuredClone(state);
  }

  async save(instanceId: string, state: AcceptorState): Promise<void> {
    await this.scheduler.sleep(this.random.between(0, 3));
    const previous = this.states.get(instanceId)?.acceptedBallot;
    if (state.acceptedBallot && (!previous || compareBallots(previous, state.acceptedBallot) !== 0)) {
      this.acceptances.push({
        acceptorId: this.acceptorId,
        ballot: state.acceptedBallot,
        value: state.acceptedValue ?? '',
      });
    }
    this.states.set(instanceId, structuredClone(state));
  }
}

interface SimAcceptor {
  id: string;
  disk: SimulatedDisk;
  process?: PaxosAcceptor;
}

interface SimProposer {
  id: string;
  value: string;
  epoch: number;
  up: boolean;
}

type AcceptorFactory = (id: string, disk: AcceptorStore) => PaxosAcceptor;

const productionAcceptor: AcceptorFactory = (id, disk) => new PaxosAcceptor(id, disk);

/** A broken acceptor that forgets what it accepted when promising: the checker must catch it. */
class ForgetfulAcceptor extends PaxosAcceptor {
  override async prepare(instanceId: string, ballot: Ballot) {
    const reply = await super.prepare(instanceId, ballot);
    return { ...reply, acceptedBallot: undefined, acceptedValue: undefined };
  }
}

async function runSeed(seed: number, makeAcceptor: AcceptorFactory = productionAcceptor): Promise<void> {
  const random = new SeededRandom(seed);
  const scheduler = new VirtualScheduler();
  const network = new LossyNetwork(scheduler, random, {
    dropProbability: random.next() * 0.3,
    duplicateProbability: random.next() * 0.2,
    maxDelayMs: random.between(5, 60),
  });
  const acceptances: Array<{ acceptorId: string; ballot: Ballot; value: string }> = [];
  const acceptorCount = random.pick([3, 5]);
  const acceptors: SimAcceptor[] = Array.from({ length: acceptorCount }, (_, i) => {
    const id = `a${i}`;
    const disk = new SimulatedDisk(id, acceptances, scheduler, random);
    return { id, disk, process: makeAcceptor(id, disk) };
  });
  const decisions: PaxosDecision[] = [];
  let stable = false;
  const proposers: SimProposer[] = Array.from({ length: random.between(1, 3) }, (_, i) => ({
    id: `p${i}`,
    value: `value-of-p${i}`,
    epoch: 0,
    up: true,
  }));

  const transportFor = (proposer: SimProposer, epoch: number): AcceptorTransport => {
    const reach = <T>(acceptorId: string, call: (acceptor: PaxosAcceptor) => Promise<T>): Promise<T> => {
      if (!proposer.up || proposer.epoch !== epoch) return Promise.reject(new Error('proposer crashed'));
      const acceptor = acceptors.find((a) => a.id === acceptorId) as SimAcceptor;
      return network.request(() => {
        const process = acceptor.process;
        if (!process) return undefined;
        // A reply from an acceptor incarnation that has since crashed is never sent.
        return call(process).then((reply) =>
          acceptor.process === process ? reply : new Promise<T>(() => undefined),
        );
      }, 150);
    };
    return {
      prepare: (acceptorId, instanceId, ballot) => reach(acceptorId, (a) => a.prepare(instanceId, ballot)),
      accept: (acceptorId, instanceId, ballot, value) =>
        reach(acceptorId, (a) => a.accept(instanceId, ballot, value)),
    };
  };

  const runProposer = (proposer: SimProposer, maxAttempts: number): void => {
    const epoch = proposer.epoch;
    const paxos = new PaxosProposer(
      proposer.id,
      transportFor(proposer, epoch),
      scheduler,
      () => random.next(),
      {
        maxAttempts,
        maxBackoffMs: 80,
      },
    );
    void paxos
      .propose(
        INSTANCE,
        proposer.value,
        acceptors.map((a) => a.id),
      )
      .then(
        (decision) => {
          if (proposer.epoch === epoch) decisions.push(decision);
        },
        () => undefined,
      );
  };

  for (const proposer of proposers)
    scheduler.setTimeout(() => runProposer(proposer, 6), random.between(0, 200));
  // Crashes and restarts during the chaos period.
  for (let i = 0; i < random.between(0, 6); i++) {
    scheduler.setTimeout(
      () => {
        if (random.chance(0.5)) {
          const acceptor = random.pick(acceptors);
          acceptor.process = undefined;
          scheduler.setTimeout(
            () => (acceptor.process = makeAcceptor(acceptor.id, acceptor.disk)),
            random.between(10, 400),
          );
        } else {
          const proposer = random.pick(proposers);
          proposer.up = false;
          proposer.epoch++;
          scheduler.setTimeout(
            () => {
              if (stable) return;
              proposer.up = true;
              runProposer(proposer, 6);
            },
            random.between(10, 400),
          );
        }
      },
      random.between(0, CHAOS_MS),
    );
  }

  const checkAgreement = (): void => {
    const votes = new Map<string, { value: string; acceptors: Set<string> }>();
    for (const { acceptorId, ballot, value } of acceptances) {
      const key = `${ballot.round}/${ballot.proposerId}`;
      const entry = votes.get(key) ?? { value, acceptors: new Set<string>() };
      if (entry.value !== value) throw new Error(`seed ${seed}: two values accepted under one ballot ${key}`);
      entry.acceptors.add(acceptorId);
      votes.set(key, entry);
    }
    const chosen = new Set(
      [...votes.values()].filter((v) => v.acceptors.size > acceptorCount / 2).map((v) => v.value),
    );
    const decided = new Set(decisions.map((d) => d.value));
    if (chosen.size > 1) throw new Error(`seed ${seed}: several values chosen: ${[...chosen].join(', ')}`);
    if (decided.size > 1)
      throw new Error(`seed ${seed}: proposers learned different values: ${[...decided].join(', ')}`);
    for (const value of decided) {
      if (!proposers.some((p) => p.value === value))
        throw new Error(`seed ${seed}: decided ${value}, never proposed`);
      if (chosen.size === 1 && !chosen.has(value))
        throw new Error(`seed ${seed}: learned ${value} but ${[...chosen][0]} was chosen`);
    }
  };

  await scheduler.runUntil(CHAOS_MS, checkAgreement);

  // The network heals and everyone is back: every proposer must now learn the one decision.
  network.faults = STABLE_NETWORK;
  stable = true;
  for (const acceptor of acceptors) acceptor.process ??= makeAcceptor(acceptor.id, acceptor.disk);
  decisions.length = 0;
  for (const proposer of proposers) {
    proposer.up = true;
    proposer.epoch++;
    runProposer(proposer, 100);
  }
  await scheduler.runUntil(CHAOS_MS + STABLE_DEADLINE_MS, checkAgreement);
  checkAgreement();
  const learned = new Set(decisions.map((d) => d.ballot.proposerId));
  if (learned.size !== proposers.length) {
    throw new Error(
      `seed ${seed}: only ${learned.size} of ${proposers.length} proposers decided once the network was stable`,
    );
  }
}

describe('Paxos under a seeded lossy network (the production proposer and acceptor classes)', () => {
  it(`agrees on one proposed value, and decides once stable, over ${SEEDS} seeds`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) await runSeed(seed);
  });

  it('is able to fail: an acceptor that forgets its accepted value on promise breaks agreement on some seed', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 400 && failures.length === 0; seed++) {
      await runSeed(seed, (id, disk) => new ForgetfulAcceptor(id, disk)).catch((error: Error) =>
        failures.push(error.message),
      );
    }
    expect(failures.join()).toMatch(/several values chosen|learned different values|but .* was chosen/);
  });
});
