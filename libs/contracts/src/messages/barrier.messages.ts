import { MessageType } from '../registry/message-type.registry';
import { IsIdToken, IsIdTokenArray, IsIntegerBetween, IsTimestamp } from './common/field-rules';
import { MessageLimits } from './common/limits';

/**
 * A participant reaching a synchronisation barrier. The reply (BarrierReleased, or RemoteError `timeout`)
 * comes when all `expectedParticipants` have arrived, so the request timeout must cover `timeoutMs`.
 */
@MessageType('warden.sync.barrier-arrival.v1', { maxBytes: 2 * 1024 })
export class BarrierArrival {
  @IsIdToken() barrierId!: string;
  @IsIdToken() participantId!: string;
  @IsIntegerBetween(1, MessageLimits.agentsPerEvent) expectedParticipants!: number;
  @IsIntegerBetween(1, 10 * 60 * 1000) timeoutMs!: number;
}

@MessageType('warden.sync.barrier-released.v1', { maxBytes: 160 * 1024 })
export class BarrierReleased {
  @IsIdToken() barrierId!: string;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) participantIds!: string[];
  @IsTimestamp() releasedAt!: string;
}
