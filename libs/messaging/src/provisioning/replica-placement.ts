import { JetStreamApiError, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { JetStreamReplicasError } from './jetstream-replicas-error';
import type { ProvisionedKind } from './provisioning-result';

/**
 * JetStream API error codes that mean "this replica count cannot be placed" (nats-server errors.json):
 * replicas > 1 on a server without clustering, too few peers, or no peers matching the placement.
 */
const REPLICA_PLACEMENT_CODES = new Set([
  10074, // JSStreamReplicasNotSupportedErr: replicas > 1 not supported in non-clustered mode
  10023, // JSInsufficientResourcesErr: insufficient resources
  10005, // JSClusterNoPeersErrF: no suitable peers for placement
]);

/** The typed replica error for a create or update the server refused for its replica count; undefined for any other failure. */
export function replicaPlacementError(
  error: unknown,
  kind: ProvisionedKind,
  resource: string,
  replicas: number,
): JetStreamReplicasError | undefined {
  if (!(error instanceof JetStreamApiError) || !REPLICA_PLACEMENT_CODES.has(error.code)) return undefined;
  return new JetStreamReplicasError(
    kind,
    resource,
    replicas,
    `the server said "${error.message}" (JetStream error ${error.code})`,
    error,
  );
}

/**
 * Servers holding the stream: its leader plus the replicas it reports, by name. Right after a scale-up
 * the group may be electing a leader, and then every peer is listed among the replicas and none as leader.
 */
export function peerCount(info: StreamInfo): number {
  const names = new Set((info.cluster?.replicas ?? []).map((peer) => peer.name));
  if (info.cluster?.leader) names.add(info.cluster.leader);
  // A stream the server answers for is held by at least that server, even with no cluster info.
  return Math.max(1, names.size);
}

/**
 * Checks that the stream is really held by `replicas` servers. Needed beside the error codes because a
 * single nats-server 2.9 *accepts* an update of an existing stream to num_replicas 3 and reports 3 in
 * its config, while one server holds it — config alone would make JETSTREAM_REPLICAS=3 look satisfied.
 * Peers are counted from the cluster info, which the stream leader fills in as soon as the peers are assigned.
 */
export async function verifyReplicas(
  jsm: JetStreamManager,
  kind: ProvisionedKind,
  resource: string,
  replicas: number,
): Promise<void> {
  if (replicas <= 1) return;
  const info = await jsm.streams.info(resource);
  const peers = peerCount(info);
  if (peers < replicas) {
    const where = info.cluster?.name ? `cluster ${info.cluster.name}` : 'a server that is not clustered';
    throw new JetStreamReplicasError(
      kind,
      resource,
      replicas,
      `its stream info shows ${peers} server(s) holding it on ${where}`,
    );
  }
}
