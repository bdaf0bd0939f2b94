import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { NestNatsRoundTrip } from '../workloads/nest-nats-round-trip';
import { RawEchoResponder, RawRequester } from '../workloads/raw-request-reply';
import { withNatsServer } from '../workloads/with-nats-server';

const RAW_ECHO_SUBJECT = 'bench.raw.echo';

export const nestNatsRoundTripScenario: Scenario = {
  name: 'nest-nats-transport-round-trip',
  description:
    "NestJS 12's built-in NATS transport: `ClientProxy.send` → `@MessagePattern` handler echoing the " +
    "117-byte JSON body → reply, one request at a time. This is the baseline Warden's own transport is held to.",
  baseline: 'raw nats.js request/reply of the same body to an echoing responder on the same server',
  run: (context) =>
    withNatsServer({ jetstream: false }, async (server) => {
      const responder = await RawEchoResponder.open(server.url, RAW_ECHO_SUBJECT);
      const requester = await RawRequester.open(server.url);
      const nest = await NestNatsRoundTrip.start(server.url);
      try {
        return await compareLatency(
          context,
          requester.trial('raw nats.js request/reply', RAW_ECHO_SUBJECT, context.profile),
          nest.trial('NestJS NATS transport ClientProxy.send', context.profile),
        );
      } finally {
        await nest.close();
        await requester.close();
        await responder.close();
      }
    }),
};
