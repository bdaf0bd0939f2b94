import type { KubeObject } from './kube-object';

/**
 * A small render that passes every check: a Deployment with its ConfigMap, an HPA with a minimum of 2,
 * a PDB and a Service. Tests break one field of a copy and expect exactly that field to be reported.
 */
export function validRender(): KubeObject[] {
  const probe = { httpGet: { path: '/healthz', port: 'http' } };
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'svc' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'svc' } },
        template: {
          metadata: { labels: { app: 'svc' } },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 1000,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'svc',
                image: 'warden/svc:1',
                envFrom: [{ configMapRef: { name: 'settings' } }],
                env: [
                  {
                    name: 'NATS_PASSWORD',
                    valueFrom: { secretKeyRef: { name: 'nats-user-svc', key: 'password' } },
                  },
                ],
                ports: [{ name: 'http', containerPort: 8080 }],
                startupProbe: probe,
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
                livenessProbe: probe,
                resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'svc' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'svc' },
        minReplicas: 2,
        maxReplicas: 4,
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'svc' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'svc' } } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { selector: { app: 'svc' }, ports: [{ port: 8080, targetPort: 'http' }] },
    },
  ];
}

/** The fields of the fixture that tests break; values are `unknown` because tests set wrong types on purpose. */
export interface ContainerFixture {
  ports: { containerPort: unknown }[];
  env?: unknown[];
  envFrom?: unknown[];
  readinessProbe?: unknown;
  resources?: unknown;
  securityContext?: unknown;
}

export interface DeploymentFixture {
  metadata: { annotations?: Record<string, string> };
  spec: {
    replicas: unknown;
    template: { spec: { securityContext?: unknown; containers: ContainerFixture[] } };
  };
}

/** The fixture's Deployment, for a test to break (the render is a fresh copy each call). */
export function deploymentOf(objects: KubeObject[]): DeploymentFixture {
  return objects.find((object) => object.kind === 'Deployment') as unknown as DeploymentFixture;
}

/** The spec of the fixture's object of `kind` (HPA, Service), for a test to break. */
export function specOf(
  objects: KubeObject[],
  kind: string,
): Record<string, unknown> & { scaleTargetRef?: { name: string } } {
  return objects.find((object) => object.kind === kind)!.spec as Record<string, unknown>;
}
