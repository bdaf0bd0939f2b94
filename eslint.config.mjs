// Lint rules for the whole workspace; `npm run lint` runs `eslint . --max-warnings 0`.
import js from '@eslint/js';
import nxPlugin from '@nx/eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettierConfig from 'eslint-config-prettier/flat';
import { createProjectGraphAsync } from 'nx/src/devkit-exports';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries reads the cached project graph and silently skips itself when there is
// none (a fresh clone, or the Nx daemon being off as it is here). Computing the graph before linting
// makes the boundaries hold on every run, not only after someone happened to run an nx command.
await createProjectGraphAsync({ exitOnError: true });

const testFiles = ['**/*.spec.ts', 'apps/*/test/**/*.ts'];

// Production code must not ship the test harness. The rule's `notDependOnLibsWithTags` is transitive,
// and every lib's own integration tests put a lib -> testing edge in the graph, so "not testing" is
// expressed as "only libs tagged scope:shared" (a direct-import check) instead.
const productionConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib'] },
];

// Tests may use libs/testing; contracts stays dependency-free even in its tests, because libs/testing
// may depend on contracts and a contracts -> testing edge would close a cycle.
const testConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib'] },
];

const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints },
];

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/', 'bench/results/', 'tmp/', '.nx/']),
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { '@nx': nxPlugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@nx/enforce-module-boundaries': boundaries(productionConstraints),
    },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(testConstraints),
    },
  },
  {
    // The package has no "type": "module", so Node runs .js files (Jest configs, presets) as CommonJS.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  prettierConfig,
);
