import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamServer, type Messaging } from '@warden/messaging';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { LatencyRepetition } from '../framework/repetition';
import { BenchProbe } from '../messages/bench-probe.message';
import { WARDEN_ECHO_SUBJECT } from '../nest/warden-echo.controller';
import { WardenEchoModule } from '../nest/warden-echo.module';
import { BENCH_MESSAGE } from './bench-payload';
import { measureRoundTrips } from './measure-round-trips';
import { openMessaging } from './open-messaging';
import { ROUND_TRIP_TIMEOUT_MS } from './raw-request-reply';

/**
 * libs/messaging's NestJS transport end to end: a Nest microservice whose `@Request` handler is bound
 * by JetStreamServer, called by another service's typed `Publisher.request`.
 */
export class WardenNestRoundTrip {
  private readonly probe: BenchProbe = Object.assign(new BenchProbe(), BENCH_MESSAGE);

  private constructor(
    private readonly microservice: INestMicroservice,
    private readonly serving: Messaging,
    private readonly requester: Messaging,
  ) {}

  static async start(url: string): Promise<WardenNestRoundTrip> {
    const serving = await openMessaging(url, 'bench-warden-nest-server');
    const microservice = await NestFactory.createMicroservice(WardenEchoModule, {
      strategy: new JetStreamServer(serving),
      logger: false,
    });
    await microservice.listen();
    const requester = await openMessaging(url, 'bench-warden-nest-client');
    return new WardenNestRoundTrip(microservice, serving, requester);
  }

  trial(label: string, profile: BenchProfile): Trial<LatencyRepetition> {
    return {
      label,
      measure: () =>
        measureRoundTrips({
          roundTrips: profile.roundTrips,
          timeBudgetMs: profile.repetitionBudgetMs,
          roundTrip: () =>
            this.requester.publisher.request(WARDEN_ECHO_SUBJECT, BenchProbe, this.probe, BenchProbe, {
              timeoutMs: ROUND_TRIP_TIMEOUT_MS,
            }),
        }),
    };
  }

  async close(): Promise<void> {
    await this.requester.close();
    await this.microservice.close();
    await this.serving.close();
  }
}
