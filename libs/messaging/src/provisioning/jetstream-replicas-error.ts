import type { ProvisionedKind } from './provisioning-result';

/**
 * The replica count asked for (`JETSTREAM_REPLICAS`) cannot be had from the connected JetStream: a
 * single server refuses more than one, a cluster refuses more than it has peers. Retrying cannot fix
 * a deployment mistake, so provisioning stops here and the service exits with this message.
 */
export class JetStreamReplicasError extends Error {
  override readonly name = 'JetStreamReplicasError';

  constructor(
    readonly kind: ProvisionedKind,
    readonly resource: string,
    readonly replicas: number,
    /** What the server answered, or what its stream info showed. */
    readonly serverSaid: string,
    cause?: unknown,
  ) {
    super(
      `JETSTREAM_REPLICAS=${replicas} cannot be satisfied for ${kind} ${resource}: ${serverSaid}. ` +
        'Set JETSTREAM_REPLICAS to at most the number of JetStream servers in the cluster (1 for a single server).',
      { cause },
    );
  }
}
