import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { IsInt, IsString, Min, ValidateIf } from 'class-validator';
import { MessageType, createMessage } from '@warden/contracts';
import { startServiceInstance, type ServiceInstance } from '../testing/messaging-fixture.test-helper';
import {
  NoRespondersError,
  RemoteHandlerError,
  RemoteValidationError,
  RequestTimeoutError,
} from './request-errors';
import { RequestRejectedError } from './request-rejected-error';

/**
 * Stands in for a responder deployed with a stricter version of the class than its caller (a new
 * minimum); flipped on once the caller has encoded, so the caller's check passes and the responder's fails.
 */
const responderRules = { strict: false };

@MessageType('warden.test-rr.quote-request.v1')
class QuoteRequest {
  @IsString() item!: string;
  @ValidateIf(() => responderRules.strict) @IsInt() @Min(10) quantity!: number;
}

@MessageType('warden.test-rr.quote.v1')
class Quote {
  @IsString() item!: string;
  @IsInt() priceCents!: number;
}

describe('typed request/reply against a real nats-server', () => {
  let server: NatsServerHandle;
  let responder: ServiceInstance;
  let caller: ServiceInstance;

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    responder = await startServiceInstance(server.url, 'pricing', 'p-1');
    caller = await startServiceInstance(server.url, 'shop', 's-1');
    await responder.messaging.serveRequests('test.quotes', QuoteRequest, async (request: QuoteRequest) => {
      if (request.item === 'explode') throw new Error('price table corrupt');
      if (request.item === 'unknown') throw new RequestRejectedError('not-found', 'no such item');
      if (request.item === 'slow') await new Promise((resolve) => setTimeout(resolve, 2000));
      return createMessage(Quote, { item: request.item, priceCents: request.quantity * 250 });
    });
  });
  afterEach(() => {
    responderRules.strict = false;
  });
  afterAll(async () => {
    await caller.messaging.close();
    await responder.messaging.close();
    await server.dispose();
  });

  const ask = (item: string, quantity = 12, timeoutMs = 5000): Promise<Quote> =>
    caller.messaging.publisher.request(
      'test.quotes',
      QuoteRequest,
      createMessage(QuoteRequest, { item, quantity }),
      Quote,
      { timeoutMs },
    );

  it('returns the typed reply', async () => {
    const quote = await ask('widget', 4);

    expect(quote).toBeInstanceOf(Quote);
    expect(quote).toEqual(Object.assign(new Quote(), { item: 'widget', priceCents: 1000 }));
  });

  it('raises RemoteValidationError with the responder’s issues for a request it finds invalid', async () => {
    const pending = ask('widget', 3);
    responderRules.strict = true;

    const error = await pending.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(RemoteValidationError);
    expect((error as RemoteValidationError).respondedBy).toBe('pricing');
    expect((error as RemoteValidationError).issues.map((issue) => [issue.path, issue.constraint])).toEqual([
      ['quantity', 'min'],
    ]);
  });

  it('raises RemoteHandlerError with code internal when the handler throws', async () => {
    await expect(ask('explode')).rejects.toMatchObject({
      constructor: RemoteHandlerError,
      code: 'internal',
      remoteMessage: 'price table corrupt',
    });
  });

  it('carries the code a handler chose with RequestRejectedError', async () => {
    await expect(ask('unknown')).rejects.toMatchObject({
      constructor: RemoteHandlerError,
      code: 'not-found',
    });
  });

  it('raises RequestTimeoutError when no reply comes in time', async () => {
    await expect(ask('slow', 12, 200)).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('raises NoRespondersError when nobody serves the subject', async () => {
    await expect(
      caller.messaging.publisher.request(
        'test.nobody',
        QuoteRequest,
        createMessage(QuoteRequest, { item: 'x', quantity: 12 }),
        Quote,
        { timeoutMs: 5000 },
      ),
    ).rejects.toBeInstanceOf(NoRespondersError);
  });
});
