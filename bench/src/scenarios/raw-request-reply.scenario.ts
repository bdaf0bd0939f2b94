import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { RawEchoResponder, RawRequester } from '../workloads/raw-request-reply';
import { withNatsServer } from '../workloads/with-nats-server';

export const rawRequestReplyScenario: Scenario = {
  name: 'raw-request-reply-latency',
  description:
    'Raw nats.js request → reply round trip of a 117-byte JSON body to an echoing responder on another ' +
    'connection, one request at a time.',
  baseline:
    "an identical second responder on another subject (A/A): the ratio is this run's noise floor for latency",
  run: (context) =>
    withNatsServer({ jetstream: false }, async (server) => {
      const responderA = await RawEchoResponder.open(server.url, 'bench.raw.echo.a');
      const responderB = await RawEchoResponder.open(server.url, 'bench.raw.echo.b');
      const requester = await RawRequester.open(server.url);
      try {
        return await compareLatency(
          context,
          requester.trial('raw nats.js request/reply (A)', 'bench.raw.echo.a', context.profile),
          requester.trial('raw nats.js request/reply (B)', 'bench.raw.echo.b', context.profile),
        );
      } finally {
        await requester.close();
        await responderA.close();
        await responderB.close();
      }
    }),
};
