import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** One service as `docker-compose config` resolves it: env files merged into `environment`, paths absolute. */
export interface ComposeService {
  readonly environment: Record<string, string>;
  readonly command?: string[];
  readonly volumes: readonly string[];
  readonly build?: { args?: Record<string, string> };
  readonly image?: string;
}

/** `docker-compose -f <file> [--profile …] config`, parsed: what Compose itself would run. */
export function resolvedComposeServices(
  file: string,
  profiles: readonly string[] = [],
): Record<string, ComposeService> {
  const args = ['-f', file, ...profiles.flatMap((profile) => ['--profile', profile]), 'config'];
  const resolved = parse(execFileSync('docker-compose', args, { encoding: 'utf8' })) as {
    services: Record<string, Partial<ComposeService> & { environment?: Record<string, string | number> }>;
  };
  return Object.fromEntries(
    Object.entries(resolved.services).map(([name, service]) => [
      name,
      {
        ...service,
        environment: Object.fromEntries(
          Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]),
        ),
        volumes: service.volumes ?? [],
      },
    ]),
  );
}

/**
 * A container's filesystem for a process on the host: each bind mount (`/host/src:/target[:ro]`) is copied to
 * `<root>/<target>`, each named volume (`name:/target`) is an empty directory there, and `path()` maps a path
 * as the container sees it to the host copy. Only what the service definition mounts is there.
 */
export class ContainerFiles {
  private readonly mounts: { target: string; host: string }[] = [];

  constructor(
    readonly root: string,
    service: ComposeService,
  ) {
    for (const volume of service.volumes) {
      const [source, target] = volume.split(':') as [string, string];
      const host = join(root, target);
      mkdirSync(dirname(host), { recursive: true });
      if (!source.startsWith('/')) mkdirSync(host, { recursive: true });
      else if (statSync(source).isDirectory()) cpSync(source, host, { recursive: true });
      else copyFileSync(source, host);
      this.mounts.push({ target, host });
    }
  }

  /** The host path of a container path under a mount; other values unchanged. */
  path(value: string): string {
    for (const { target, host } of this.mounts) {
      if (value === target || value.startsWith(`${target}/`)) return host + value.slice(target.length);
    }
    return value;
  }

  /** Rewrites the mount targets a copied file names (nats.conf's `store_dir: /data`) to their host copies. */
  rewriteInFile(containerPath: string): void {
    const host = this.path(containerPath);
    let text = readFileSync(host, 'utf8');
    for (const { target, host: hostTarget } of this.mounts)
      text = text.replace(new RegExp(`(?<=[\\s:"'])${target}(?=[\\s"'/]|$)`, 'gm'), hostTarget);
    writeFileSync(host, text);
  }
}
