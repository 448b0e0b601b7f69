// Lint: TypeScript recommended rules plus the import directions of docs/architecture.md §1.
//   tiktok           imports nothing of ours
//   tiktok-emulator  imports only @tokpost/tiktok/contract
//   media            imports only @tokpost/tiktok/contract (TikTok's media limits are declared
//                    there once; the contract is data and schemas, so preflight stays free of the
//                    client)
//   engine           imports @tokpost/tiktok and @tokpost/media; only its store/ (and the
//                    composition root) touches Kysely, pg or better-sqlite3
//   apps/server      imports only @tokpost/engine (its tests may also use tiktok and the emulator);
//                    never a database driver: storage is the engine's
//   apps/cli         imports the server (startTokpost, config), the engine, media (probe, fix)
//                    and the emulator (demo mode, `tokpost emulator`); never a database driver
//   apps/web         imports nothing of ours: it runs in the browser and speaks only the REST API
// (the other apps follow with their issues.)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ours = ['@tokpost/*', '@tokpost/*/**'];
const deepRelative = (pkgs) => pkgs.map((p) => `**/${p}/src/**`);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/tiktok/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ours, message: '@tokpost/tiktok must not import other tokpost packages (docs/architecture.md §1).' },
          { group: ['../../*/src/**', ...deepRelative(['tiktok-emulator', 'media', 'engine'])], message: 'No reaching into another package.' },
        ],
      }],
    },
  },
  {
    files: ['packages/tiktok/src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ours, message: 'The contract imports nothing of ours.' },
          { group: ['../*', '../**'], message: 'The contract must stay independent of the client code so the emulator can import it alone.' },
        ],
      }],
    },
  },
  {
    files: ['packages/tiktok-emulator/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@tokpost/tiktok', message: 'The emulator imports only the contract: use @tokpost/tiktok/contract.' }],
        patterns: [
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/tiktok', '!@tokpost/tiktok/contract'], message: 'The emulator imports only @tokpost/tiktok/contract (docs/architecture.md §1).' },
          { group: deepRelative(['tiktok', 'media', 'engine']), message: 'No reaching into another package.' },
        ],
      }],
    },
  },
  {
    files: ['packages/media/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@tokpost/tiktok', message: '@tokpost/media imports only the contract: use @tokpost/tiktok/contract.' }],
        patterns: [
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/tiktok', '!@tokpost/tiktok/contract'], message: '@tokpost/media imports only @tokpost/tiktok/contract.' },
          { group: deepRelative(['tiktok', 'tiktok-emulator', 'engine']), message: 'No reaching into another package.' },
        ],
      }],
    },
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    ignores: ['packages/engine/src/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...['kysely', 'pg', 'better-sqlite3', 'fastify'].map((name) => ({ name, message: 'Only packages/engine/src/store/ speaks to the database; the domain goes through the Store port (domain/store-port.ts).' })),
        ],
        patterns: [
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/tiktok', '!@tokpost/tiktok/contract', '!@tokpost/media'], message: '@tokpost/engine imports only @tokpost/tiktok and @tokpost/media (docs/architecture.md §1).' },
          { group: deepRelative(['tiktok', 'tiktok-emulator', 'media']), message: 'No reaching into another package.' },
        ],
      }],
    },
  },
  {
    files: ['packages/engine/src/{domain,pipeline,services,jobs,accounts,media,crypto}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...['kysely', 'pg', 'better-sqlite3', 'fastify'].map((name) => ({ name, message: 'Only packages/engine/src/store/ speaks to the database; the domain goes through the Store port (domain/store-port.ts).' })),
        ],
        patterns: [
          { group: ['**/store/**', '../store', '../store/*'], message: 'The domain knows storage only through the Store port (domain/store-port.ts); engine.ts wires the store in.' },
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/tiktok', '!@tokpost/tiktok/contract', '!@tokpost/media'], message: '@tokpost/engine imports only @tokpost/tiktok and @tokpost/media (docs/architecture.md §1).' },
        ],
      }],
    },
  },
  {
    files: ['packages/engine/src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/tiktok', '!@tokpost/tiktok/contract', '!@tokpost/media'], message: '@tokpost/engine imports only @tokpost/tiktok and @tokpost/media (docs/architecture.md §1).' },
          { group: deepRelative(['tiktok', 'tiktok-emulator', 'media']), message: 'No reaching into another package.' },
        ],
      }],
    },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...['kysely', 'pg', 'better-sqlite3'].map((name) => ({ name, message: 'The server reaches storage only through the engine (docs/architecture.md §1).' })),
        ],
        patterns: [
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/engine'], message: '@tokpost/server imports only @tokpost/engine (docs/architecture.md §1).' },
          { group: ['**/packages/*/src/**', '../../packages/**'], message: 'No reaching into a package: import it by name.' },
        ],
      }],
    },
  },
  {
    files: ['apps/cli/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...['kysely', 'pg', 'better-sqlite3', 'fastify'].map((name) => ({ name, message: 'The CLI reaches storage and HTTP through the engine and the server (docs/architecture.md §1).' })),
        ],
        patterns: [
          { group: ['@tokpost/*', '@tokpost/*/**', '!@tokpost/engine', '!@tokpost/server', '!@tokpost/media', '!@tokpost/tiktok-emulator'], message: '@tokpost/cli imports only @tokpost/server, @tokpost/engine, @tokpost/media and @tokpost/tiktok-emulator.' },
          { group: ['**/packages/*/src/**', '../../packages/**', '../../server/**'], message: 'No reaching into a package: import it by name.' },
        ],
      }],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ours, message: 'The web UI talks only to the REST API: it imports no tokpost package (docs/architecture.md §1).' },
          { group: ['**/packages/**', '../../server/**', '../../../apps/**'], message: 'The web UI imports no server or package code.' },
        ],
      }],
    },
  },
);
