import { resolve } from 'node:path';
import { renderHelmValues } from './render-helm-values';
import { renderServerConfig } from './render-server-config';

// From tools/src/generate-nats-auth/ or tools/dist/generate-nats-auth/: three levels below the repository root.
const NATS_DIR = resolve(__dirname, '..', '..', '..', 'k8s', 'nats');

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Every file `npm run generate:nats-auth` writes, with its content. */
export function natsAuthFiles(): GeneratedFile[] {
  return [
    { path: resolve(NATS_DIR, 'accounts.generated.yaml'), content: renderHelmValues() },
    { path: resolve(NATS_DIR, 'accounts.generated.conf'), content: renderServerConfig() },
  ];
}
