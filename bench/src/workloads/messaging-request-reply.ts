import type { Messaging } from '@warden/messaging';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { LatencyRepetition } from '../framework/repetition';
import { BenchProbe } from '../messages/bench-probe.message';
import { BENCH_MESSAGE } from './bench-payload';
import { measureRoundTrips } from './measure-round-trips';
import { openMessaging } from './open-messaging';
import { ROUND_TRIP_TIMEOUT_MS } from './raw-request-reply';

/**
 * libs/messaging's typed request/reply between two instances (two services): `Publisher.request` on
 * one, `serveRequests` echoing the validated probe on the other.
 */
export class MessagingRequestReply {
  private readonly probe: BenchProbe = Object.assign(new BenchProbe(), BENCH_MESSAGE);

  private constructor(
    private readonly requester: Messaging,
    private readonly responder: Messaging,
    private readonly subject: string,
  ) {}

  static async start(url: string, subject: string): Promise<MessagingRequestReply> {
    const responder = await openMessaging(url, 'bench-responder');
    await responder.serveRequests(subject, BenchProbe, (probe) => probe);
    const requester = await openMessaging(url, 'bench-requester');
    return new MessagingRequestReply(requester, responder, subject);
  }

  trial(label: string, profile: BenchProfile): Trial<LatencyRepetition> {
    return {
      label,
      measure: () =>
        measureRoundTrips({
          roundTrips: profile.roundTrips,
          timeBudgetMs: profile.repetitionBudgetMs,
          roundTrip: () =>
            this.requester.publisher.request(this.subject, BenchProbe, this.probe, BenchProbe, {
              timeoutMs: ROUND_TRIP_TIMEOUT_MS,
            }),
        }),
    };
  }

  async close(): Promise<void> {
    await this.requester.close();
    await this.responder.close();
  }
}
