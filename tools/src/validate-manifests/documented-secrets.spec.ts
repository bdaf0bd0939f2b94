import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_SECRETS } from './documented-secrets';

describe('DOCUMENTED_SECRETS', () => {
  it('are the Secrets k8s/README.md tells the operator to create', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'k8s', 'README.md'), 'utf8');
    for (const secret of DOCUMENTED_SECRETS)
      expect([secret, readme.includes(secret)]).toEqual([secret, true]);
  });
});
