import { UseFilters, applyDecorators } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { ExpectedMessage } from '../codec/message-codec';
import {
  WARDEN_EXTRAS_KEY,
  type CoreSettings,
  type DurableEventSettings,
  type WardenHandlerExtras,
} from './handler-extras';
import { PassThroughRpcFilter } from './pass-through-rpc-filter';

function extras(settings: WardenHandlerExtras): Record<string, unknown> {
  return { [WARDEN_EXTRAS_KEY]: settings };
}

/**
 * An event handler on a JetStream durable pull consumer: at-least-once, acked after the method
 * returns, redelivered with backoff when it throws, dead-lettered after `maxDeliver`. The method
 * receives the validated instance of `messageClass` (or of the map entry matching `ce-type`).
 */
export function DurableEvent<T extends object>(
  subject: string,
  messageClass: ExpectedMessage<T>,
  settings: DurableEventSettings,
): MethodDecorator {
  return applyDecorators(
    EventPattern<string>(
      subject,
      extras({ kind: 'durable', messageClass: messageClass as ExpectedMessage<object>, ...settings }),
    ),
    UseFilters(PassThroughRpcFilter),
  );
}

/** An event handler on a core NATS queue subscription (loss-tolerant traffic); invalid messages are dead-lettered. */
export function CoreEvent<T extends object>(
  subject: string,
  messageClass: ExpectedMessage<T>,
  settings: CoreSettings = {},
): MethodDecorator {
  return applyDecorators(
    EventPattern<string>(
      subject,
      extras({ kind: 'core', messageClass: messageClass as ExpectedMessage<object>, ...settings }),
    ),
    UseFilters(PassThroughRpcFilter),
  );
}

/**
 * A request/reply handler: the method receives the validated request and returns a message-class
 * instance; an invalid request or a thrown error is answered with a typed RemoteError.
 */
export function Request<T extends object>(
  subject: string,
  requestClass: ExpectedMessage<T>,
  settings: CoreSettings = {},
): MethodDecorator {
  return applyDecorators(
    MessagePattern(
      subject,
      extras({ kind: 'request', messageClass: requestClass as ExpectedMessage<object>, ...settings }),
    ),
    UseFilters(PassThroughRpcFilter),
  );
}
