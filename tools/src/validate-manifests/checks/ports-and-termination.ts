import { containersOf, isMapping, objectLabel, podTemplateOf } from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';
import type { CheckContext } from './check-context';
import { containerVariable } from './container-env';

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

/**
 * What a pod must agree with itself on, which no schema sees:
 * - every httpGet/tcpSocket probe names a port the container declares (by name or number);
 * - a Warden service listens where the manifest says: HTTP_PORT, when set, is the port named `http`
 *   (the image's default is 8080, so a missing or different HTTP_PORT leaves probes knocking on a closed port);
 * - the pod's grace period outlasts the service's own shutdown deadline (SHUTDOWN_TIMEOUT_MS), or the
 *   kubelet kills it mid-handover.
 */
export function checkPortsAndTermination({ source, objects }: CheckContext): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const object of objects) {
    const template = podTemplateOf(object);
    if (!template) continue;
    const fail = (field: string, problem: string) =>
      problems.push({ source, object: objectLabel(object), field, problem });
    for (const { path, container } of containersOf(template)) {
      const ports = (Array.isArray(container['ports']) ? container['ports'] : []).filter(isMapping);
      const names = new Set(ports.map((port) => port['name']));
      const numbers = new Set(ports.map((port) => port['containerPort']));
      for (const probe of PROBES) {
        const spec = isMapping(container[probe]) ? container[probe] : undefined;
        const action =
          spec &&
          (isMapping(spec['httpGet']) ? 'httpGet' : isMapping(spec['tcpSocket']) ? 'tcpSocket' : undefined);
        if (!spec || !action) continue;
        const port = (spec[action] as Record<string, unknown>)['port'];
        if (!names.has(port) && !numbers.has(port))
          fail(
            `${path}.${probe}.${action}.port`,
            `names port ${String(port)}, which the container does not declare`,
          );
      }
      const httpPort = containerVariable(container, objects, 'HTTP_PORT');
      const http = ports.find((port) => port['name'] === 'http');
      if (httpPort !== undefined && http && String(http['containerPort']) !== httpPort)
        fail(
          `${path}.ports`,
          `declares http on ${String(http['containerPort'])} but HTTP_PORT is ${httpPort}`,
        );

      const shutdownMs = Number(containerVariable(container, objects, 'SHUTDOWN_TIMEOUT_MS'));
      if (Number.isFinite(shutdownMs) && shutdownMs > 0) {
        // Kubernetes' default grace period is 30 s.
        const grace = Number(template.spec['terminationGracePeriodSeconds'] ?? 30);
        if (grace * 1000 <= shutdownMs)
          fail(
            `${template.path}.spec.terminationGracePeriodSeconds`,
            `is ${grace} s, not longer than SHUTDOWN_TIMEOUT_MS (${shutdownMs} ms) of ${String(container['name'])}`,
          );
      }
    }
  }
  return problems;
}
