import { Controller, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { IsInt, IsString, Min, ValidateIf } from 'class-validator';
import { MessageType, Streams, createMessage } from '@warden/contracts';
import { MetricsRegistry } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { RemoteValidationError } from '../publishing/request-errors';
import { Messaging } from '../runtime/messaging';
import {
  JobEvent,
  TEST_STREAM,
  TEST_SUBJECTS,
  deadLettersOf,
  jobEvent,
  jobSubject,
  silentLogger,
  startServiceInstance,
  type ServiceInstance,
} from '../testing/messaging-fixture.test-helper';
import { JetStreamContext } from './jetstream-context';
import { JetStreamServer } from './jetstream-server';
import { CoreEvent, DurableEvent, Request } from './messaging-decorators';
import { MessagingModule } from './messaging.module';
import { MessagingReadiness } from './messaging-readiness';

/** Flipped on after the caller encoded, standing in for a responder with stricter rules than its caller. */
const responderRules = { strict: false };

@MessageType('warden.test-nest.stock-query.v1')
class StockQuery {
  @IsString() sku!: string;
  @ValidateIf(() => responderRules.strict) @IsInt() @Min(1) warehouse!: number;
}

@MessageType('warden.test-nest.stock-level.v1')
class StockLevel {
  @IsString() sku!: string;
  @IsInt() units!: number;
}

interface Received {
  payload: unknown;
  subject: string;
  deliveryCount: number;
}

@Controller()
class InventoryHandlers {
  static readonly jobs: Received[] = [];
  static readonly beats: string[] = [];

  @DurableEvent(TEST_SUBJECTS, JobEvent, { stream: TEST_STREAM.name, maxDeliver: 2, backoffMs: [100] })
  onJob(@Payload() event: JobEvent, @Ctx() context: JetStreamContext): void {
    if (event.jobId === 'poison') throw new Error('inventory rejects poison');
    InventoryHandlers.jobs.push({
      payload: event,
      subject: context.message.subject,
      deliveryCount: context.message.deliveryCount,
    });
  }

  @CoreEvent('test.beats.*', JobEvent)
  onBeat(@Payload() event: JobEvent): void {
    InventoryHandlers.beats.push(event.jobId);
  }

  @Request('test.stock', StockQuery)
  stock(@Payload() query: StockQuery): StockLevel {
    return createMessage(StockLevel, { sku: query.sku, units: query.sku.length * 10 });
  }
}

function inventoryModule(url: string): new () => object {
  @Module({
    imports: [
      MessagingModule.forRoot({
        service: 'inventory',
        connection: Object.assign(new NatsConnectionConfig(), { NATS_URL: url }),
        streams: [TEST_STREAM, Streams.DLQ],
        logger: silentLogger(),
        metrics: new MetricsRegistry({
          service: 'inventory',
          instanceId: 'i-1',
          collectProcessMetrics: false,
        }),
      }),
    ],
    controllers: [InventoryHandlers],
  })
  class InventoryModule {}
  return InventoryModule;
}

describe('JetStreamServer in a NestJS application', () => {
  let server: NatsServerHandle;
  let app: INestApplication;
  let caller: ServiceInstance;

  beforeAll(async () => {
    server = await startNatsServer();
    app = await NestFactory.create(inventoryModule(server.url), { logger: false });
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
    await app.startAllMicroservices();
    await app.init();
    caller = await startServiceInstance(server.url, 'storefront', 's-1');
  });
  afterAll(async () => {
    await caller.messaging.close();
    await app.close();
    await server.dispose();
  });

  it('reports ready once connected', () => {
    expect(app.get(MessagingReadiness).check()).toMatchObject({ ready: true });
  });

  it('delivers a durable event to @DurableEvent as a validated instance with its context', async () => {
    await caller.messaging.publisher.publishDurable(
      jobSubject('restock-1'),
      JobEvent,
      jobEvent('restock-1', 3),
    );

    const [received] = await eventually(
      () => (InventoryHandlers.jobs.length > 0 ? InventoryHandlers.jobs : undefined),
      { timeoutMs: 10_000 },
    );
    expect(received.payload).toBeInstanceOf(JobEvent);
    expect(received.payload).toEqual(jobEvent('restock-1', 3));
    expect(received.subject).toBe(jobSubject('restock-1'));
    expect(received.deliveryCount).toBe(1);
  });

  it('dead-letters a durable event whose handler keeps throwing, with the handler’s own error', async () => {
    await caller.messaging.publisher.publishDurable(jobSubject('poison'), JobEvent, jobEvent('poison'));

    const [letter] = await eventually(
      async () => {
        const letters = await deadLettersOf(caller.messaging, 'inventory');
        return letters.length > 0 ? letters : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(letter.reason).toBe('max-deliver');
    expect(letter.deliveryCount).toBe(2);
    expect(letter.errors).toEqual([{ path: '', constraint: 'Error', message: 'inventory rejects poison' }]);
  });

  it('delivers core events to @CoreEvent', async () => {
    caller.messaging.publisher.publish('test.beats.agent-7', JobEvent, jobEvent('beat-7'));

    await eventually(() => InventoryHandlers.beats.includes('beat-7'), { timeoutMs: 10_000 });
  });

  it('answers @Request with the typed reply', async () => {
    const level = await caller.messaging.publisher.request(
      'test.stock',
      StockQuery,
      createMessage(StockQuery, { sku: 'abc', warehouse: 1 }),
      StockLevel,
      {
        timeoutMs: 5000,
      },
    );

    expect(level).toEqual(createMessage(StockLevel, { sku: 'abc', units: 30 }));
  });

  it('answers an invalid request with a typed RemoteValidationError', async () => {
    const pending = caller.messaging.publisher.request(
      'test.stock',
      StockQuery,
      createMessage(StockQuery, { sku: 'abc', warehouse: 0 }),
      StockLevel,
      {
        timeoutMs: 5000,
      },
    );
    responderRules.strict = true;

    const error = await pending.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    responderRules.strict = false;
    expect(error).toBeInstanceOf(RemoteValidationError);
    expect((error as RemoteValidationError).issues.map((issue) => issue.path)).toEqual(['warehouse']);
  });
});
