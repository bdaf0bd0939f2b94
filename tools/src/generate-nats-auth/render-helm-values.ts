import { stringify } from 'yaml';
import { generatedAccounts, headerLines, type GeneratedUser } from './nats-auth-model';

function helmUser(user: GeneratedUser): Record<string, unknown> {
  const { publish, subscribe, allowResponses } = user.permissions;
  return {
    user: user.user,
    // The chart turns `<< $VAR >>` into a bare variable in nats.conf, resolved from the container env.
    password: `<< $${user.passwordVariable} >>`,
    permissions: {
      publish:
        publish.deny.length > 0 ? { allow: publish.allow, deny: publish.deny } : { allow: publish.allow },
      subscribe: { allow: subscribe.allow },
      ...(allowResponses ? { allow_responses: true } : {}),
    },
  };
}

/**
 * `k8s/nats/accounts.generated.yaml`: the second values file of the official NATS chart
 * (`-f values.yaml -f accounts.generated.yaml`) with the accounts, the system account and the password
 * variables filled from one Secret per identity.
 */
export function renderHelmValues(): string {
  const accounts = generatedAccounts();
  const values = {
    config: {
      merge: {
        accounts: {
          [accounts.wardenAccount]: {
            jetstream: 'enabled',
            users: accounts.users.map(helmUser),
            imports: accounts.advisories.map((subject) => ({
              stream: { account: accounts.systemAccount, subject },
            })),
          },
          [accounts.systemAccount]: {
            exports: accounts.advisories.map((subject) => ({ stream: subject })),
          },
        },
        system_account: accounts.systemAccount,
      },
    },
    container: {
      env: Object.fromEntries(
        accounts.users.map((user) => [
          user.passwordVariable,
          { valueFrom: { secretKeyRef: { name: user.secretName, key: 'password' } } },
        ]),
      ),
    },
  };
  const header = [
    ...headerLines(),
    'Use as the second values file: helm upgrade --install nats nats/nats -n warden \\',
    '  -f k8s/nats/values.yaml -f k8s/nats/accounts.generated.yaml',
    'Secrets (key `password`) to create first: ' + accounts.users.map((u) => u.secretName).join(', '),
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${stringify(values, { lineWidth: 0 })}`;
}
