import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { NestNatsRoundTrip } from '../workloads/nest-nats-round-trip';
import { WardenNestRoundTrip } from '../workloads/warden-nest-round-trip';
import { withNatsServer } from '../workloads/with-nats-server';

export const messagingNestTransportRoundTripScenario: Scenario = {
  name: 'messaging-nest-transport-round-trip',
  description:
    "libs/messaging's NestJS transport: a `@Request` handler bound by JetStreamServer echoing the validated " +
    '117-byte probe, called with the typed `Publisher.request` of another service, one request at a time.',
  baseline:
    "NestJS 12's built-in NATS transport round trip (`ClientProxy.send` → `@MessagePattern`) on the same server: " +
    "the ratio is what choosing Warden's transport over the built-in one costs per request",
  goal: {
    text: 'the same 5 ms routing budget as the core request path',
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: 5,
  },
  run: (context) =>
    withNatsServer({ jetstream: false }, async (server) => {
      const builtIn = await NestNatsRoundTrip.start(server.url);
      const warden = await WardenNestRoundTrip.start(server.url);
      try {
        return await compareLatency(
          context,
          builtIn.trial('NestJS NATS transport ClientProxy.send', context.profile),
          warden.trial('libs/messaging Nest transport @Request ← Publisher.request', context.profile),
        );
      } finally {
        await warden.close();
        await builtIn.close();
      }
    }),
};
