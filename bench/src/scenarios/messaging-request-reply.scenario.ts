import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { MessagingRequestReply } from '../workloads/messaging-request-reply';
import { RawEchoResponder, RawRequester } from '../workloads/raw-request-reply';
import { withNatsServer } from '../workloads/with-nats-server';

const RAW_ECHO_SUBJECT = 'bench.raw.echo';
const MESSAGING_ECHO_SUBJECT = 'bench.messaging.echo';

export const messagingRequestReplyScenario: Scenario = {
  name: 'messaging-request-reply',
  description:
    "libs/messaging's typed request/reply: `Publisher.request` → `serveRequests` echoing the 117-byte probe, " +
    'each side validating, encoding the CloudEvents headers and carrying trace context, one request at a time.',
  baseline: 'raw nats.js request/reply of the same body to an echoing responder on the same server',
  goal: {
    text: "a request's round trip fits inside the seed's 5 ms routing budget",
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: 5,
  },
  run: (context) =>
    withNatsServer({ jetstream: false }, async (server) => {
      const responder = await RawEchoResponder.open(server.url, RAW_ECHO_SUBJECT);
      const requester = await RawRequester.open(server.url);
      const messaging = await MessagingRequestReply.start(server.url, MESSAGING_ECHO_SUBJECT);
      try {
        return await compareLatency(
          context,
          requester.trial('raw nats.js request/reply', RAW_ECHO_SUBJECT, context.profile),
          messaging.trial('libs/messaging request → serveRequests', context.profile),
        );
      } finally {
        await messaging.close();
        await requester.close();
        await responder.close();
      }
    }),
};
