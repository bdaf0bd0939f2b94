import { Controller, Inject } from '@nestjs/common';
import {
  ConsensusDecided,
  ConsensusProposal,
  ConsensusQuery,
  ElectionLeaders,
  ElectionLeadersQuery,
  Subjects,
  SubjectWildcards,
  VoteCall,
  VoteOutcome,
} from '@warden/contracts';
import { Request } from '@warden/messaging';
import { ConsensusCoordinatorEngine } from './consensus-coordinator-engine';

/** What every replica answers (locks and barriers are served by the leading replica alone). */
@Controller()
export class CoordinationHandlersController {
  constructor(@Inject(ConsensusCoordinatorEngine) private readonly engine: ConsensusCoordinatorEngine) {}

  @Request(SubjectWildcards.consensusPropose, ConsensusProposal, { concurrency: 256 })
  propose(proposal: ConsensusProposal): Promise<ConsensusDecided> {
    return this.engine.consensus.propose(proposal);
  }

  @Request(SubjectWildcards.voteCall, VoteCall, { concurrency: 256 })
  vote(call: VoteCall): Promise<VoteOutcome> {
    return this.engine.votes.call(call);
  }

  @Request(Subjects.consensusQuery(), ConsensusQuery)
  decision(query: ConsensusQuery): Promise<ConsensusDecided> {
    return this.engine.consensus.query(query.instanceId);
  }

  @Request(Subjects.electionLeadersQuery(), ElectionLeadersQuery)
  leaders(query: ElectionLeadersQuery): Promise<ElectionLeaders> {
    return this.engine.leaders(query.domain);
  }
}
