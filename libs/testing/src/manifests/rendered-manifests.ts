import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { ManifestError, type DeploymentSpec, type KubeObject } from './kube-object';

/**
 * The objects `kubectl kustomize <dir>` renders, the way `kubectl apply -k` would send them to a cluster.
 * Rendering with the real kustomize (not a re-implementation) is the point: the launcher runs what users apply.
 */
export class RenderedManifests {
  private constructor(readonly objects: readonly KubeObject[]) {}

  static render(kustomizationDir: string): RenderedManifests {
    let text: string;
    try {
      text = execFileSync('kubectl', ['kustomize', kustomizationDir], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      throw new ManifestError(`kubectl kustomize ${kustomizationDir} failed: ${(error as Error).message}`);
    }
    return RenderedManifests.parse(text);
  }

  static parse(text: string): RenderedManifests {
    const objects = parseAllDocuments(text)
      .map((document) => document.toJS() as KubeObject | null)
      .filter((object): object is KubeObject => object !== null);
    return new RenderedManifests(objects);
  }

  ofKind(kind: string): KubeObject[] {
    return this.objects.filter((object) => object.kind === kind);
  }

  /** The rendered object of a kind and name; kustomize's name suffixes (hashes) are already applied. */
  get(kind: string, name: string): KubeObject {
    const found = this.objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new ManifestError(`the render has no ${kind} named ${name}`);
    return found;
  }

  find(kind: string, name: string): KubeObject | undefined {
    return this.objects.find((object) => object.kind === kind && object.metadata.name === name);
  }

  deployments(): { name: string; spec: DeploymentSpec }[] {
    return this.ofKind('Deployment').map((object) => ({
      name: object.metadata.name,
      spec: object.spec as DeploymentSpec,
    }));
  }
}
