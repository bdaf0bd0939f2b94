import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { LatencyRepetition } from '../framework/repetition';
import { BENCH_PAYLOAD } from './bench-payload';
import { measureRoundTrips } from './measure-round-trips';

export const ROUND_TRIP_TIMEOUT_MS = 5_000;

/** A plain nats.js responder that echoes the request body, on a connection of its own. */
export class RawEchoResponder {
  private constructor(private readonly connection: NatsConnection) {}

  static async open(url: string, subject: string): Promise<RawEchoResponder> {
    const connection = await connect({ servers: url, name: `bench-raw-responder-${subject}` });
    connection.subscribe(subject, {
      callback: (error, msg) => {
        if (!error) msg.respond(msg.data);
      },
    });
    await connection.flush();
    return new RawEchoResponder(connection);
  }

  close(): Promise<void> {
    return this.connection.drain();
  }
}

/** Plain nats.js requests, one at a time, against a `RawEchoResponder`. */
export class RawRequester {
  private constructor(private readonly connection: NatsConnection) {}

  static async open(url: string): Promise<RawRequester> {
    return new RawRequester(await connect({ servers: url, name: 'bench-raw-requester' }));
  }

  trial(label: string, subject: string, profile: BenchProfile): Trial<LatencyRepetition> {
    return {
      label,
      measure: () =>
        measureRoundTrips({
          roundTrips: profile.roundTrips,
          timeBudgetMs: profile.repetitionBudgetMs,
          roundTrip: () =>
            this.connection.request(subject, BENCH_PAYLOAD, { timeout: ROUND_TRIP_TIMEOUT_MS }),
        }),
    };
  }

  /** One round trip, for scenarios that compose several into one operation. */
  request(subject: string, payload: string): Promise<unknown> {
    return this.connection.request(subject, payload, { timeout: ROUND_TRIP_TIMEOUT_MS });
  }

  close(): Promise<void> {
    return this.connection.drain();
  }
}
