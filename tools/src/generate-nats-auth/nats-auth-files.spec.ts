import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { IDENTITY_KINDS } from '@warden/contracts';
import { natsAuthFiles } from './nats-auth-files';

describe('generated NATS auth files (k8s/nats/accounts.generated.*)', () => {
  it.each(natsAuthFiles().map((file) => [file.path, file]))(
    '%s is what the generator writes (run `npm run generate:nats-auth` when this fails)',
    (_path, file) => {
      const committed = existsSync(file.path) ? readFileSync(file.path, 'utf8') : '';
      if (committed !== file.content)
        throw new Error(`${file.path} is stale: run \`npm run generate:nats-auth\` and commit the result`);
    },
  );

  it('say in their header that they are generated and by which command', () => {
    for (const file of natsAuthFiles()) {
      expect(file.content).toContain('GENERATED FILE - DO NOT EDIT');
      expect(file.content).toContain('npm run generate:nats-auth');
    }
  });

  it('give the Helm chart one user per identity, each password from its own Secret', () => {
    const yaml = natsAuthFiles().find((file) => file.path.endsWith('.yaml'))!;
    const values = parse(yaml.content);
    const users = values.config.merge.accounts.WARDEN.users as { user: string; password: string }[];
    expect(users.map((user) => user.user)).toEqual([...IDENTITY_KINDS]);
    for (const user of users) expect(user.password).toMatch(/^<< \$[A-Z_]+_PASSWORD >>$/);
    expect(Object.keys(values.container.env)).toHaveLength(IDENTITY_KINDS.length);
    expect(values.config.merge.system_account).toBe('SYS');
  });
});
