import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, Transport, type ClientProxy, type NatsOptions } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { LatencyRepetition } from '../framework/repetition';
import { EchoModule } from '../nest/echo.module';
import { NEST_ECHO_PATTERN } from '../nest/echo.controller';
import { BENCH_MESSAGE } from './bench-payload';
import { measureRoundTrips } from './measure-round-trips';
import { ROUND_TRIP_TIMEOUT_MS } from './raw-request-reply';

/**
 * NestJS's built-in NATS transport end to end: a microservice serving `@MessagePattern` and a
 * `ClientProxy` calling it with `send`, each with its own connection, as two Nest services would.
 */
export class NestNatsRoundTrip {
  private constructor(
    private readonly microservice: INestMicroservice,
    private readonly client: ClientProxy,
  ) {}

  static async start(url: string): Promise<NestNatsRoundTrip> {
    const microservice = await NestFactory.createMicroservice<NatsOptions>(EchoModule, {
      transport: Transport.NATS,
      options: { servers: [url], name: 'bench-nest-server' },
      logger: false,
    });
    await microservice.listen();
    const client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: [url], name: 'bench-nest-client' },
    });
    await client.connect();
    return new NestNatsRoundTrip(microservice, client);
  }

  trial(label: string, profile: BenchProfile): Trial<LatencyRepetition> {
    return {
      label,
      measure: () =>
        measureRoundTrips({
          roundTrips: profile.roundTrips,
          timeBudgetMs: profile.repetitionBudgetMs,
          roundTrip: () =>
            firstValueFrom(
              this.client.send(NEST_ECHO_PATTERN, BENCH_MESSAGE).pipe(timeout(ROUND_TRIP_TIMEOUT_MS)),
            ),
        }),
    };
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.microservice.close();
  }
}
