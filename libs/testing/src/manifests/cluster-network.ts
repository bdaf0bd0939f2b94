/**
 * What a cluster's Service DNS does for a pod, done for processes on loopback: a manifest names `nats:4222`
 * or `http://jaeger:4318`, and here those are local ports. Only addresses the test registers are rewritten,
 * so an address a manifest names that the test forgot stays as written and fails loudly in the service.
 */
export class ClusterNetwork {
  private readonly services = new Map<string, string[]>();

  /** `host:port` as the manifests name it → the loopback `host:port` addresses that serve it. */
  expose(serviceAddress: string, localAddresses: string[]): this {
    this.services.set(serviceAddress, localAddresses);
    return this;
  }

  /**
   * Rewrites every `scheme://service:port` URL in a value. A Service with several endpoints (NATS: one per
   * node) becomes a comma-separated list of URLs, which is what the NATS client's server list takes.
   */
  translate(value: string): string {
    let result = value;
    for (const [serviceAddress, local] of this.services) {
      const pattern = new RegExp(`([a-z][a-z0-9+.-]*://)${escapeRegExp(serviceAddress)}(/[^\\s,]*)?`, 'g');
      result = result.replace(pattern, (_match, scheme: string, path: string | undefined) =>
        local.map((address) => `${scheme}${address}${path ?? ''}`).join(','),
      );
    }
    return result;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
