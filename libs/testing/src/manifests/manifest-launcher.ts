import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix } from 'node:path';
import { freePort } from '../nats/free-port';
import { launchService, type ServiceProcess } from '../process/service-process';
import type { ClusterNetwork } from './cluster-network';
import { ManifestError, type Container, type DeploymentSpec, type HttpProbe } from './kube-object';
import { PodEnvironment, type TestSecrets } from './pod-environment';
import type { RenderedManifests } from './rendered-manifests';

export interface ManifestLaunchOptions {
  manifests: RenderedManifests;
  secrets: TestSecrets;
  network: ClusterNetwork;
  /** The folder that holds what the image's working directory holds: the repository root, built. */
  appRoot: string;
  /** The image's working directory, which relative paths in a command are relative to (docker/Dockerfile: /app). */
  imageWorkdir?: string;
  /** The environment the image itself sets (docker/Dockerfile `ENV`), by container. */
  imageEnv?: (container: Container) => Record<string, string>;
  /** Node names the pods are dealt over, round-robin, as a spread constraint would place them. */
  nodes?: readonly string[];
  namespace?: string;
  /** Launch these Deployments only (all by default), in this order. */
  deployments?: readonly string[];
  readyTimeoutMs?: number;
}

/** One replica of a Deployment as an OS process: what the kubelet would run in the pod's container. */
export interface LaunchedPod {
  readonly name: string;
  readonly deployment: string;
  readonly nodeName: string;
  readonly env: Readonly<Record<string, string>>;
  readonly process: ServiceProcess;
}

/**
 * Runs the rendered Deployments as OS processes: for each, `replicas` processes of its first container's
 * command, with the environment and files the manifests give and nothing added, waiting for each pod's
 * readiness probe path. What a cluster provides and loopback does not is translated, and only that: Service
 * addresses (ClusterNetwork), mount paths (a temporary folder per pod) and the pod's own port (every pod has
 * its own IP in a cluster; here each gets its own free port for the container port its probes name).
 */
export class ManifestLauncher {
  private readonly pods: LaunchedPod[] = [];
  private readonly filesRoot = mkdtempSync(join(tmpdir(), 'warden-pods-'));

  constructor(private readonly options: ManifestLaunchOptions) {}

  /** The Deployments the render holds, in the order given, each with its replica count. */
  plan(): { name: string; replicas: number; spec: DeploymentSpec }[] {
    const all = this.options.manifests.deployments();
    const names = this.options.deployments ?? all.map((deployment) => deployment.name);
    return names.map((name) => {
      const deployment = all.find((candidate) => candidate.name === name);
      if (!deployment) throw new ManifestError(`the render has no Deployment named ${name}`);
      return { name, replicas: deployment.spec.replicas ?? 1, spec: deployment.spec };
    });
  }

  /** Starts every planned replica, one Deployment after another, each replica once the previous is ready. */
  async launchAll(): Promise<LaunchedPod[]> {
    for (const deployment of this.plan()) {
      for (let index = 0; index < deployment.replicas; index++) {
        await this.launchPod(deployment.name, deployment.spec, index);
      }
    }
    return [...this.pods];
  }

  /** Starts one more pod of a Deployment, as its ReplicaSet does after a pod was killed. */
  async replace(pod: LaunchedPod): Promise<LaunchedPod> {
    const deployment = this.plan().find((candidate) => candidate.name === pod.deployment);
    if (!deployment) throw new ManifestError(`no Deployment ${pod.deployment}`);
    const index = this.pods.filter((candidate) => candidate.deployment === pod.deployment).length;
    return this.launchPod(deployment.name, deployment.spec, index);
  }

  podsOf(deployment: string): LaunchedPod[] {
    return this.pods.filter((pod) => pod.deployment === deployment);
  }

  all(): LaunchedPod[] {
    return [...this.pods];
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.pods.map((pod) => pod.process.stop()));
    rmSync(this.filesRoot, { recursive: true, force: true });
  }

  private async launchPod(deployment: string, spec: DeploymentSpec, index: number): Promise<LaunchedPod> {
    const podSpec = spec.template.spec;
    const container = podSpec.containers[0];
    if (!container) throw new ManifestError(`Deployment ${deployment} has no container`);
    const nodes = this.options.nodes ?? ['node-1'];
    const pod = {
      name: `${deployment}-${index}`,
      namespace: this.options.namespace ?? 'warden',
      nodeName: nodes[index % nodes.length],
    };
    const environment = new PodEnvironment(
      this.options.manifests,
      this.options.secrets,
      this.options.network,
    );
    const { env } = environment.resolve(
      container,
      podSpec.volumes ?? [],
      pod,
      join(this.filesRoot, pod.name),
    );
    const { script, args } = this.commandOf(deployment, container);
    const port = await freePort();
    const probePath = probePathOf(container.readinessProbe) ?? probePathOf(container.startupProbe);
    const process = await launchService({
      entry: script,
      args,
      name: pod.name,
      cwd: this.options.appRoot,
      baseEnv: { PATH: globalThis.process.env.PATH, HOME: globalThis.process.env.HOME },
      env: { ...(this.options.imageEnv?.(container) ?? {}), ...env, HTTP_PORT: String(port) },
      waitFor: probePath ? 'readyz' : 'none',
      readyPath: probePath,
      readyTimeoutMs: this.options.readyTimeoutMs ?? 60_000,
    });
    const launched: LaunchedPod = { name: pod.name, deployment, nodeName: pod.nodeName, env, process };
    this.pods.push(launched);
    return launched;
  }

  /** `node <script> …` as the container runs it, with the script's path inside the image mapped to appRoot. */
  private commandOf(deployment: string, container: Container): { script: string; args: string[] } {
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    if (argv[0] !== 'node' || argv.length < 2) {
      throw new ManifestError(
        `Deployment ${deployment}: the launcher runs \`node <script>\` commands; the container runs ${JSON.stringify(argv)}`,
      );
    }
    const workdir = container.workingDir ?? this.options.imageWorkdir ?? '/app';
    const inImage = posix.isAbsolute(argv[1]) ? argv[1] : posix.join(workdir, argv[1]);
    const relative = posix.relative(workdir, inImage);
    if (relative.startsWith('..') || isAbsolute(relative)) {
      throw new ManifestError(`Deployment ${deployment}: ${argv[1]} is outside the image's ${workdir}`);
    }
    return { script: join(this.options.appRoot, relative), args: argv.slice(2) };
  }
}

function probePathOf(probe: HttpProbe | undefined): string | undefined {
  return probe?.httpGet?.path;
}
