import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageContext } from '../consuming/message-context';

/** What `@Ctx()` gives a handler bound by the JetStream transport. */
export class JetStreamContext extends BaseRpcContext<[MessageContext]> {
  get message(): MessageContext {
    return this.args[0];
  }
}
