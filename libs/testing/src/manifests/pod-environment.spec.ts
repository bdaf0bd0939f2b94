import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterNetwork } from './cluster-network';
import { ManifestError, type Container, type Volume } from './kube-object';
import { PodEnvironment } from './pod-environment';
import { RenderedManifests } from './rendered-manifests';

const RENDER = `
apiVersion: v1
kind: ConfigMap
metadata: { name: warden-common-abc123 }
data:
  NATS_URL: nats://nats:4222
  OTEL_EXPORTER_OTLP_ENDPOINT: http://jaeger:4318
  LOG_LEVEL: info
---
apiVersion: v1
kind: ConfigMap
metadata: { name: alerting-xyz }
data:
  alerting.yaml: "route: { receiver: ops }\\nurl: http://jaeger:4318/x\\n"
`;

describe('PodEnvironment', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pod-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const network = new ClusterNetwork()
    .expose('nats:4222', ['127.0.0.1:5001', '127.0.0.1:5002'])
    .expose('jaeger:4318', ['127.0.0.1:6001']);
  const pod = { name: 'alert-manager-0', namespace: 'warden', nodeName: 'node-2' };
  const volumes: Volume[] = [{ name: 'config', configMap: { name: 'alerting-xyz' } }];

  it('resolves envFrom, secrets, fieldRefs, $(VAR) references, Service addresses and mounted files', () => {
    const container: Container = {
      name: 'alert-manager',
      envFrom: [{ configMapRef: { name: 'warden-common-abc123' } }],
      env: [
        { name: 'NATS_USER', value: 'alert-manager' },
        {
          name: 'NATS_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'nats-user-alert-manager', key: 'password' } },
        },
        { name: 'SERVICE_INSTANCE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'GREETING', value: 'on $(SERVICE_INSTANCE_ID), $$(NOT_EXPANDED)' },
        { name: 'ALERT_MANAGER_CONFIG_FILE', value: '/etc/warden/alerting.yaml' },
      ],
      volumeMounts: [{ name: 'config', mountPath: '/etc/warden', readOnly: true }],
    };
    const environment = new PodEnvironment(
      RenderedManifests.parse(RENDER),
      { 'nats-user-alert-manager': { password: 'TEST-ONLY' } },
      network,
    );
    const { env } = environment.resolve(container, volumes, pod, dir);
    expect(env).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:5001,nats://127.0.0.1:5002',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:6001',
      LOG_LEVEL: 'info',
      NATS_USER: 'alert-manager',
      NATS_PASSWORD: 'TEST-ONLY',
      SERVICE_INSTANCE_ID: 'alert-manager-0',
      GREETING: 'on alert-manager-0, $(NOT_EXPANDED)',
      ALERT_MANAGER_CONFIG_FILE: join(dir, 'config', 'alerting.yaml'),
    });
    expect(readFileSync(env.ALERT_MANAGER_CONFIG_FILE, 'utf8')).toBe(
      'route: { receiver: ops }\nurl: http://127.0.0.1:6001/x\n',
    );
  });

  it('refuses a reference to a ConfigMap or Secret that exists nowhere, naming it', () => {
    const environment = new PodEnvironment(RenderedManifests.parse(RENDER), {}, network);
    const missingSecret: Container = {
      name: 'x',
      env: [{ name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'nats-user-x', key: 'password' } } }],
    };
    expect(() => environment.resolve(missingSecret, [], pod, dir)).toThrow(
      new ManifestError("Secret nats-user-x is neither in the render nor among the test's secrets"),
    );
    const missingConfigMap: Container = { name: 'x', envFrom: [{ configMapRef: { name: 'warden-common' } }] };
    expect(() => environment.resolve(missingConfigMap, [], pod, dir)).toThrow(
      /no ConfigMap named warden-common/,
    );
    expect(existsSync(join(dir, 'config'))).toBe(false);
  });

  it('leaves an address the test did not expose as the manifest wrote it', () => {
    expect(network.translate('http://alert-receiver:9000/hook')).toBe('http://alert-receiver:9000/hook');
    expect(network.translate('http://jaeger:4318/v1/traces')).toBe('http://127.0.0.1:6001/v1/traces');
  });
});
