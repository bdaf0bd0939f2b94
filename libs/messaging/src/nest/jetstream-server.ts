import {
  Server,
  type CustomTransportStrategy,
  type MessageHandler as NestMessageHandler,
} from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { MessageContext } from '../consuming/message-context';
import type { Messaging } from '../runtime/messaging';
import { wardenExtrasOf, type WardenHandlerExtras } from './handler-extras';
import { JetStreamContext } from './jetstream-context';

interface Stoppable {
  stop(): Promise<void>;
}

/** The transport cannot start a handler (e.g. a @MessagePattern whose subject is not a string). */
export class HandlerBindingError extends Error {
  override readonly name = 'HandlerBindingError';

  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`Cannot bind handler for ${pattern}: ${reason}`);
  }
}

export const WARDEN_JETSTREAM_TRANSPORT = Symbol.for('warden.messaging.jetstream-transport');

/**
 * NestJS transport over Warden's messaging core. `@DurableEvent` handlers become JetStream durable
 * pull consumers; `@CoreEvent` and plain `@EventPattern` handlers core queue subscriptions (queue
 * group = service); `@Request` and plain `@MessagePattern` handlers typed responders. Every handler
 * receives the validated message instance and a JetStreamContext.
 *
 * Durable names default to `<service>-<subject slug>`: each handler needs its own durable, shared by
 * the service's replicas.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  override readonly transportId = WARDEN_JETSTREAM_TRANSPORT;
  private readonly bound: Stoppable[] = [];

  constructor(private readonly messaging: Messaging) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) await this.bind(pattern, handler);
      callback();
    } catch (error) {
      await this.close();
      callback(error);
    }
  }

  /** Stops every consumer this transport started; in-flight handlers finish and ack first. */
  async close(): Promise<void> {
    await Promise.all(this.bound.splice(0).map((consumer) => consumer.stop()));
  }

  on(): never {
    throw new Error('JetStreamServer has no transport events; follow NatsClient status instead');
  }

  unwrap<T>(): T {
    return this.messaging.client.connection as T;
  }

  private async bind(pattern: string, handler: NestMessageHandler): Promise<void> {
    const extras: WardenHandlerExtras = wardenExtrasOf(handler.extras) ?? {
      kind: handler.isEventHandler ? 'core' : 'request',
      messageClass: undefined,
    };
    if (extras.kind === 'durable') {
      this.bound.push(
        await this.messaging.consumeDurable({
          ...extras,
          durableName: extras.durableName ?? `${this.messaging.service}-${subjectSlug(pattern)}`,
          filterSubject: pattern,
          handler: async (payload, context) => {
            await this.invoke(handler, payload, context);
          },
        }),
      );
    } else if (extras.kind === 'core') {
      this.bound.push(
        await this.messaging.subscribeCore(
          pattern,
          extras.messageClass,
          async (payload, context) => {
            await this.invoke(handler, payload, context);
          },
          extras,
        ),
      );
    } else {
      this.bound.push(
        await this.messaging.serveRequests(
          pattern,
          extras.messageClass,
          (payload, context) => this.reply(pattern, handler, payload, context),
          extras,
        ),
      );
    }
  }

  private async invoke(
    handler: NestMessageHandler,
    payload: object,
    context: MessageContext,
  ): Promise<unknown> {
    const result: unknown = await handler(payload, new JetStreamContext([context]));
    return lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  private async reply(
    pattern: string,
    handler: NestMessageHandler,
    payload: object,
    context: MessageContext,
  ): Promise<object> {
    const response = await this.invoke(handler, payload, context);
    if (typeof response !== 'object' || response === null) {
      throw new HandlerBindingError(pattern, 'a request handler must return a message-class instance');
    }
    return response;
  }
}

/** A durable name may not contain `.`, `*` or `>`. */
function subjectSlug(subject: string): string {
  return subject.replace(/\./g, '_').replace(/\*/g, 'any').replace(/>/g, 'all');
}
