import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { isMapping, type KubeObject } from './kube-object';

export class RenderError extends Error {
  constructor(
    readonly overlayDir: string,
    readonly reason: string,
  ) {
    super(`${overlayDir}: cannot be rendered: ${reason}`);
    this.name = 'RenderError';
  }
}

/**
 * The objects `kubectl kustomize <dir>` renders, offline (kustomize needs no cluster). The kubectl
 * binary is the one on PATH, or KUBECTL. Throws RenderError with kustomize's own message on failure.
 */
export function renderOverlay(overlayDir: string): KubeObject[] {
  const kubectl = process.env['KUBECTL'] || 'kubectl';
  let output: string;
  try {
    output = execFileSync(kubectl, ['kustomize', overlayDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new RenderError(overlayDir, stderr || (error as Error).message);
  }
  return parseObjects(output, overlayDir);
}

export function parseObjects(yamlText: string, origin: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(yamlText)) {
    if (document.errors.length > 0) throw new RenderError(origin, document.errors[0]!.message);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isMapping(value)) throw new RenderError(origin, 'a document is not a mapping');
    objects.push(value as KubeObject);
  }
  return objects;
}
