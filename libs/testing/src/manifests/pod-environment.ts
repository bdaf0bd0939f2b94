import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClusterNetwork } from './cluster-network';
import { ManifestError, type Container, type EnvVar, type Volume } from './kube-object';
import type { RenderedManifests } from './rendered-manifests';

/** Secrets the test creates, as `kubectl create secret generic` would: name → key → value. */
export type TestSecrets = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface PodIdentity {
  /** The pod's name (`metadata.name` for fieldRef), e.g. `health-collector-0`. */
  name: string;
  namespace: string;
  /** The node it runs on (`spec.nodeName`). */
  nodeName: string;
}

/**
 * Resolves a container's environment and mounted files exactly as the kubelet would from the rendered
 * objects: `envFrom` and `valueFrom` from ConfigMaps and Secrets, `fieldRef` from the pod, `$(VAR)`
 * references, and ConfigMap/Secret volumes written as files. Two translations only, both of what a cluster
 * provides and loopback does not: Service addresses (ClusterNetwork: in values and in mounted files alike, as
 * DNS would resolve a name wherever it is written) and mount paths (into `filesDir`).
 */
export class PodEnvironment {
  constructor(
    private readonly manifests: RenderedManifests,
    private readonly secrets: TestSecrets,
    private readonly network: ClusterNetwork,
  ) {}

  resolve(
    container: Container,
    volumes: readonly Volume[],
    pod: PodIdentity,
    filesDir: string,
  ): { env: Record<string, string>; mountPaths: Map<string, string> } {
    const mountPaths = this.mountFiles(container, volumes, filesDir);
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      const data = source.configMapRef
        ? this.configMapData(source.configMapRef.name, source.configMapRef.optional)
        : source.secretRef
          ? this.secretData(source.secretRef.name, source.secretRef.optional)
          : {};
      for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
    }
    for (const variable of container.env ?? []) {
      const value = this.valueOf(variable, pod, env);
      if (value !== undefined) env[variable.name] = value;
    }
    for (const [name, value] of Object.entries(env)) {
      env[name] = translateMountPaths(this.network.translate(value), mountPaths);
    }
    return { env, mountPaths };
  }

  private valueOf(variable: EnvVar, pod: PodIdentity, env: Record<string, string>): string | undefined {
    if (variable.value !== undefined) return expandReferences(variable.value, env);
    const from = variable.valueFrom;
    if (from?.configMapKeyRef) {
      const { name, key, optional } = from.configMapKeyRef;
      return this.keyOf(this.configMapData(name, optional), key, `ConfigMap ${name}`, optional);
    }
    if (from?.secretKeyRef) {
      const { name, key, optional } = from.secretKeyRef;
      return this.keyOf(this.secretData(name, optional), key, `Secret ${name}`, optional);
    }
    if (from?.fieldRef) return fieldOf(from.fieldRef.fieldPath, pod);
    throw new ManifestError(`env ${variable.name} has neither value nor a supported valueFrom`);
  }

  private keyOf(
    data: Record<string, string>,
    key: string,
    owner: string,
    optional: boolean | undefined,
  ): string | undefined {
    if (key in data) return data[key];
    if (optional) return undefined;
    throw new ManifestError(`${owner} has no key ${key}`);
  }

  private configMapData(name: string, optional?: boolean): Record<string, string> {
    const configMap = this.manifests.find('ConfigMap', name);
    if (!configMap) {
      if (optional) return {};
      throw new ManifestError(`the render has no ConfigMap named ${name}`);
    }
    return { ...(configMap.data ?? {}) };
  }

  private secretData(name: string, optional?: boolean): Record<string, string> {
    const rendered = this.manifests.find('Secret', name);
    if (rendered) {
      const decoded = Object.fromEntries(
        Object.entries(rendered.data ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value, 'base64').toString('utf8'),
        ]),
      );
      return { ...decoded, ...(rendered.stringData ?? {}) };
    }
    const created = this.secrets[name];
    if (created) return { ...created };
    if (optional) return {};
    throw new ManifestError(`Secret ${name} is neither in the render nor among the test's secrets`);
  }

  private mountFiles(
    container: Container,
    volumes: readonly Volume[],
    filesDir: string,
  ): Map<string, string> {
    const mountPaths = new Map<string, string>();
    for (const mount of container.volumeMounts ?? []) {
      const volume = volumes.find((candidate) => candidate.name === mount.name);
      if (!volume) throw new ManifestError(`volumeMount ${mount.name} names no volume of the pod`);
      const local = join(filesDir, mount.name);
      mkdirSync(local, { recursive: true });
      const files = this.volumeFiles(volume);
      if (mount.subPath !== undefined) {
        const content = files.get(mount.subPath);
        if (content === undefined)
          throw new ManifestError(`volume ${mount.name} has no file ${mount.subPath}`);
        const file = join(local, mount.subPath);
        writeFileSync(file, content);
        mountPaths.set(mount.mountPath, file);
        continue;
      }
      for (const [path, content] of files) {
        mkdirSync(dirname(join(local, path)), { recursive: true });
        writeFileSync(join(local, path), content);
      }
      mountPaths.set(mount.mountPath, local);
    }
    return mountPaths;
  }

  private volumeFiles(volume: Volume): Map<string, string> {
    const files = new Map<string, string>();
    const source = volume.configMap
      ? { data: this.configMapData(volume.configMap.name), items: volume.configMap.items }
      : volume.secret
        ? { data: this.secretData(volume.secret.secretName), items: volume.secret.items }
        : undefined;
    if (!source) return files; // emptyDir: an empty folder
    const items = source.items ?? Object.keys(source.data).map((key) => ({ key, path: key }));
    for (const item of items) {
      const content = source.data[item.key];
      if (content === undefined) throw new ManifestError(`volume ${volume.name} has no key ${item.key}`);
      files.set(item.path, this.network.translate(content));
    }
    return files;
  }
}

function fieldOf(fieldPath: string, pod: PodIdentity): string {
  switch (fieldPath) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'spec.nodeName':
      return pod.nodeName;
    case 'status.podIP':
      return '127.0.0.1';
    default:
      throw new ManifestError(`fieldRef ${fieldPath} is not supported by the launcher`);
  }
}

/** Kubernetes' `$(VAR)` expansion from variables defined earlier; `$$(VAR)` escapes. */
function expandReferences(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) =>
    name === undefined ? '$' : (env[name] ?? match),
  );
}

/** A path under a mount (`/etc/warden/alerting.yaml`) becomes the same path under the local copy. */
function translateMountPaths(value: string, mountPaths: Map<string, string>): string {
  for (const [mountPath, local] of mountPaths) {
    if (value === mountPath || value.startsWith(`${mountPath}/`))
      return local + value.slice(mountPath.length);
  }
  return value;
}
