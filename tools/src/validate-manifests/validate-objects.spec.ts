import { deploymentOf, specOf, validRender } from './manifest-fixtures.test-helper';
import { SINGLE_REPLICA_ANNOTATION } from './checks/replica-floor';
import type { KubeObject } from './kube-object';
import { describeProblem } from './manifest-problem';
import { fieldPathOf } from './schema-validation';
import { validateObjects } from './validate-objects';

const PROD = { minReplicas: 2, documentedSecrets: ['nats-user-svc'] };
const CONTAINER = 'spec.template.spec.containers[0]';

const problemsOf = (objects: KubeObject[], rules = PROD) =>
  validateObjects('prod', objects, rules).map(({ object, field, problem }) => ({ object, field, problem }));

describe('validateObjects', () => {
  it('finds nothing wrong with a render that meets every rule', () => {
    expect(problemsOf(validRender())).toEqual([]);
  });

  it('reports a schema violation with the overlay, the object and the field', () => {
    const render = validRender();
    deploymentOf(render).spec.replicas = 'two';
    deploymentOf(render).spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const problems = validateObjects('prod', render, PROD);
    expect(problems.map(describeProblem)).toEqual([
      'prod: Deployment/svc: spec.replicas must be integer',
      `prod: Deployment/svc: ${CONTAINER}.ports[0].containerPort must be integer`,
    ]);
  });

  it('reports a KEDA ScaledObject that breaks the KEDA schema', () => {
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'svc' },
      spec: {
        scaleTargetRef: { name: 'svc' },
        minReplicaCount: 2,
        triggers: [{ type: 'nats-jetstream', metadata: { lagThreshold: 10 } }],
      },
    };
    const render = validRender().filter((object) => object.kind !== 'HorizontalPodAutoscaler');
    expect(problemsOf([...render, scaledObject])).toEqual([
      {
        object: 'ScaledObject/svc',
        field: 'spec.triggers[0].metadata.lagThreshold',
        problem: 'must be string',
      },
    ]);
  });

  it('refuses a kind it has no schema for', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(problemsOf([...validRender(), widget])).toEqual([
      {
        object: 'Widget/w',
        field: 'kind',
        problem: expect.stringContaining('example.com/v1 Widget is not a kind'),
      },
    ]);
  });

  it('holds prod to two replicas: through the autoscaler minimum when there is one, else spec.replicas', () => {
    const render = validRender();
    specOf(render, 'HorizontalPodAutoscaler').minReplicas = 1;
    expect(problemsOf(render)).toEqual([
      {
        object: 'HorizontalPodAutoscaler/svc',
        field: 'spec.minReplicas',
        problem: expect.stringContaining('is 1; prod needs at least 2'),
      },
    ]);
    const withoutAutoscaler = validRender().filter((object) => object.kind !== 'HorizontalPodAutoscaler');
    deploymentOf(withoutAutoscaler).spec.replicas = 1;
    expect(problemsOf(withoutAutoscaler)).toEqual([
      {
        object: 'Deployment/svc',
        field: 'spec.replicas',
        problem: expect.stringContaining('is 1; prod needs at least 2'),
      },
    ]);
    expect(problemsOf(withoutAutoscaler, { ...PROD, minReplicas: 1 })).toEqual([]);
    deploymentOf(withoutAutoscaler).metadata.annotations = {
      [SINGLE_REPLICA_ANNOTATION]: 'keeps state in memory',
    };
    expect(problemsOf(withoutAutoscaler)).toEqual([]);
  });

  it('requires the three probes on every container', () => {
    const render = validRender();
    delete deploymentOf(render).spec.template.spec.containers[0].readinessProbe;
    expect(problemsOf(render)).toEqual([
      { object: 'Deployment/svc', field: `${CONTAINER}.readinessProbe`, problem: 'is required' },
    ]);
  });

  it('requires probes on declared ports, HTTP_PORT on the http port, and a grace period past SHUTDOWN_TIMEOUT_MS', () => {
    const render = validRender();
    const deployment = deploymentOf(render);
    const container = deployment.spec.template.spec.containers[0]!;
    container.readinessProbe = { httpGet: { path: '/readyz', port: 'metrics' } };
    container.env = [...(container.env ?? []), { name: 'HTTP_PORT', value: '8081' }];
    (render[0]!.data as Record<string, string>)['SHUTDOWN_TIMEOUT_MS'] = '40000';
    expect(problemsOf(render).map(({ field, problem }) => `${field} ${problem}`)).toEqual([
      `${CONTAINER}.readinessProbe.httpGet.port names port metrics, which the container does not declare`,
      `${CONTAINER}.ports declares http on 8080 but HTTP_PORT is 8081`,
      'spec.template.spec.terminationGracePeriodSeconds is 30 s, not longer than SHUTDOWN_TIMEOUT_MS (40000 ms) of svc',
    ]);
  });

  it('requires a restrictive securityContext, from the container or the pod', () => {
    const render = validRender();
    const pod = deploymentOf(render).spec.template.spec;
    pod.securityContext = { runAsUser: 0 };
    pod.containers[0].securityContext = {
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['NET_RAW'], add: ['NET_ADMIN'] },
    };
    expect(problemsOf(render).map(({ field, problem }) => `${field} ${problem}`)).toEqual([
      `${CONTAINER}.securityContext.runAsNonRoot must be true (here or in spec.template.spec.securityContext)`,
      `${CONTAINER}.securityContext.runAsUser must not be 0 (root)`,
      `${CONTAINER}.securityContext.allowPrivilegeEscalation must be false`,
      `${CONTAINER}.securityContext.readOnlyRootFilesystem must be true`,
      `${CONTAINER}.securityContext.capabilities.drop must contain ALL`,
      `${CONTAINER}.securityContext.capabilities.add must be empty`,
      `${CONTAINER}.securityContext.seccompProfile.type must be RuntimeDefault (here or in spec.template.spec.securityContext)`,
    ]);
  });

  it('requires CPU and memory requests and a memory limit', () => {
    const render = validRender();
    deploymentOf(render).spec.template.spec.containers[0].resources = { requests: { cpu: '50m' } };
    expect(problemsOf(render).map(({ field }) => field)).toEqual([
      `${CONTAINER}.resources.requests.memory`,
      `${CONTAINER}.resources.limits.memory`,
    ]);
  });

  it('reports a ConfigMap, key or Secret that is neither rendered nor documented, and a scale target that does not exist', () => {
    const render = validRender();
    const container = deploymentOf(render).spec.template.spec.containers[0];
    container.envFrom = [{ configMapRef: { name: 'settings-typo' } }];
    container.env = [
      { name: 'A', valueFrom: { secretKeyRef: { name: 'nats-user-other', key: 'password' } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MISSING' } } },
      { name: 'C', valueFrom: { secretKeyRef: { name: 'nats-user-svc', key: 'password' } } },
    ];
    specOf(render, 'HorizontalPodAutoscaler').scaleTargetRef!.name = 'gone';
    expect(problemsOf(render)).toEqual([
      {
        object: 'Deployment/svc',
        field: `${CONTAINER}.env[0].valueFrom.secretKeyRef.name`,
        problem: expect.stringContaining('names Secret nats-user-other, which is neither rendered nor'),
      },
      {
        object: 'Deployment/svc',
        field: `${CONTAINER}.env[1].valueFrom.configMapKeyRef.key`,
        problem: 'names key MISSING, which ConfigMap settings does not have',
      },
      {
        object: 'Deployment/svc',
        field: `${CONTAINER}.envFrom[0].configMapRef.name`,
        problem: 'names ConfigMap settings-typo, which the render does not contain',
      },
      {
        object: 'HorizontalPodAutoscaler/svc',
        field: 'spec.scaleTargetRef.name',
        problem: 'names Deployment gone, which the render does not contain',
      },
    ]);
  });

  it('reports a PDB or Service whose selector matches no pod', () => {
    const render = validRender();
    specOf(render, 'Service').selector = { app: 'other' };
    expect(problemsOf(render)).toEqual([
      { object: 'Service/svc', field: 'spec.selector', problem: 'matches no pod of any rendered Deployment' },
    ]);
  });
});

describe('fieldPathOf', () => {
  it('turns a JSON pointer into the dotted path kubectl explain uses', () => {
    expect(fieldPathOf('/spec/template/spec/containers/0/image')).toBe(
      'spec.template.spec.containers[0].image',
    );
    expect(fieldPathOf('/metadata/annotations/warden.io~1single-replica')).toBe(
      'metadata.annotations.warden.io/single-replica',
    );
    expect(fieldPathOf('')).toBe('(object)');
  });
});
