import { spawnSync } from 'node:child_process';
import type { ManifestProblem } from './manifest-problem';

/**
 * Runs `docker-compose -f <file> config -q` (Compose v1, which Debian ships; it needs no engine), or
 * COMPOSE as the command (e.g. `docker compose` for v2). Accepted → no problem; refused → one problem
 * with Compose's own message.
 */
export function validateComposeFile(file: string): ManifestProblem[] {
  const [command, ...prefix] = (process.env['COMPOSE'] || 'docker-compose').split(' ');
  const result = spawnSync(command!, [...prefix, '-f', file, 'config', '-q'], { encoding: 'utf8' });
  if (result.error) {
    return [
      {
        source: file,
        object: '(compose)',
        field: '(file)',
        problem: `cannot be checked: ${command} did not run (${result.error.message})`,
      },
    ];
  }
  if (result.status === 0) return [];
  return [
    {
      source: file,
      object: '(compose)',
      field: '(file)',
      problem: `is refused by ${command}: ${(result.stderr || result.stdout).trim()}`,
    },
  ];
}
