import { generatedAccounts, headerLines, type GeneratedUser } from './nats-auth-model';

// nats-server configuration: quoted strings are literal, so subjects with `$` are quoted, while the
// passwords are left as bare `$VARIABLE` references that the server resolves from its environment.
const quote = (value: string): string => JSON.stringify(value);
const list = (values: readonly string[], indent: string): string =>
  values.length === 0 ? '[]' : `[\n${values.map((v) => `${indent}  ${quote(v)}`).join('\n')}\n${indent}]`;

function renderUser(user: GeneratedUser): string {
  const { publish, subscribe, allowResponses } = user.permissions;
  const lines = [
    '      {',
    `        user: ${quote(user.user)}`,
    `        password: $${user.passwordVariable}`,
    '        permissions: {',
    `          publish: {`,
    `            allow: ${list(publish.allow, '            ')}`,
  ];
  if (publish.deny.length > 0) lines.push(`            deny: ${list(publish.deny, '            ')}`);
  lines.push(
    '          }',
    `          subscribe: {`,
    `            allow: ${list(subscribe.allow, '            ')}`,
    '          }',
  );
  if (allowResponses) lines.push('          allow_responses: true');
  lines.push('        }', '      }');
  return lines.join('\n');
}

/** `k8s/nats/accounts.generated.conf`: the accounts block and system account, for `include`. */
export function renderServerConfig(): string {
  const accounts = generatedAccounts();
  const imports = accounts.advisories.map(
    (subject) => `      { stream: { account: ${accounts.systemAccount}, subject: ${quote(subject)} } }`,
  );
  const exports = accounts.advisories.map((subject) => `      { stream: ${quote(subject)} }`);
  return [
    ...headerLines().map((line) => `# ${line}`),
    '# Passwords are `$<IDENTITY>_PASSWORD` environment variables of the nats-server process.',
    '',
    'accounts {',
    `  ${accounts.wardenAccount} {`,
    '    jetstream: enabled',
    '    users: [',
    accounts.users.map(renderUser).join('\n'),
    '    ]',
    '    # Connect/disconnect advisories of this account only, from the system account.',
    '    imports: [',
    ...imports,
    '    ]',
    '  }',
    `  ${accounts.systemAccount} {`,
    '    exports: [',
    ...exports,
    '    ]',
    '  }',
    '}',
    `system_account: ${accounts.systemAccount}`,
    '',
  ].join('\n');
}
