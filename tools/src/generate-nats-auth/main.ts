// Writes the NATS accounts (Helm values and nats-server include) from @warden/contracts (`npm run generate:nats-auth`).
import { writeFileSync } from 'node:fs';
import { natsAuthFiles } from './nats-auth-files';

for (const file of natsAuthFiles()) {
  writeFileSync(file.path, file.content);
  process.stdout.write(`Wrote ${file.path}\n`);
}
