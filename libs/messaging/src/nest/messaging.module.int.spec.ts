import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MetricsRegistry, ReadinessRegistry, TelemetryModule } from '@warden/telemetry';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { NatsClient } from '../connection/nats-client';
import { Publisher } from '../publishing/publisher';
import { TEST_STREAM, silentLogger } from '../testing/messaging-fixture.test-helper';
import { MessagingModule } from './messaging.module';

describe('MessagingModule.forRootAsync with the TelemetryModule', () => {
  let server: NatsServerHandle;
  let app: INestApplicationContext;
  const readiness = new ReadinessRegistry();

  beforeAll(async () => {
    server = await startNatsServer();
    @Module({
      imports: [
        TelemetryModule.forRoot({
          logger: silentLogger(),
          metrics: new MetricsRegistry({
            service: 'async-svc',
            instanceId: 'a-1',
            collectProcessMetrics: false,
          }),
          readiness,
        }),
        MessagingModule.forRootAsync({
          useFactory: () => ({
            service: 'async-svc',
            connection: Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }),
            streams: [TEST_STREAM],
          }),
        }),
      ],
    })
    class AsyncModule {}
    app = await NestFactory.createApplicationContext(AsyncModule, { logger: false });
  });
  afterAll(async () => {
    await app.close();
    await server.dispose();
  });

  it('connects with the telemetry logger and metrics, provisions the streams and registers a readiness check', async () => {
    const client = app.get(NatsClient);
    const report = await readiness.evaluate();

    expect(app.get(Publisher)).toBeInstanceOf(Publisher);
    expect(report.checks).toContainEqual(expect.objectContaining({ name: 'nats', ready: true }));
    expect((await (await client.jetstreamManager()).streams.info(TEST_STREAM.name)).config.subjects).toEqual(
      TEST_STREAM.subjects,
    );
  });

  it('drains the connection when the application closes', async () => {
    const client = app.get(NatsClient);

    await app.close();

    expect(client.connection.isClosed()).toBe(true);
  });
});
