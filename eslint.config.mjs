import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `${name}/*`, `node:${name}`]);

/**
 * The code floors, lowest first; a floor may import only the floors below it. `platform` (the
 * bring-up: `npm start`, migrate and seed, the setup job) composes everything and is the top.
 */
const FLOORS = ['domain', 'infra', 'activities', 'workflows', 'api', 'workers', 'platform'];
/** Import patterns of our own floors above `floor` (and of the entry points). */
const floorsAbove = (floor) =>
  FLOORS.slice(FLOORS.indexOf(floor) + 1).flatMap((above) => [`**/${above}`, `**/${above}/*`]);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.temporal/',
      '.data/',
      'coverage/',
      '**/*.js',
      '*.config.*',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Express 5 routes may be async: it forwards their rejections to the error handler.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The floors: domain ← infra ← activities ← workflows ← api. Domain is the platform's own
    // vocabulary and imports nothing of ours but domain.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: floorsAbove('domain'), message: 'domain imports only domain.' }] },
      ],
    },
  },
  {
    // Infra is the platform's plumbing (config, Postgres, RabbitMQ, Temporal client, outbox relay,
    // logging): it knows domain, never what is built on it.
    files: ['infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: floorsAbove('infra'),
              message:
                'infra imports only domain and infra, never activities, workflows, the services or entries.',
            },
          ],
        },
      ],
    },
  },
  {
    // Activities do the effects workflows ask for; they never reach up into workflow code.
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: floorsAbove('activities'),
              message: 'activities import domain and infra, never workflows or the services.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, domain code,
    // and only types from activities (activities are called through proxyActivities).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflows are deterministic: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['**/activities', '**/activities/*', '**/infra/*'],
              allowTypeImports: true,
              message: 'Workflows import only types from activities and infra.',
            },
            {
              group: floorsAbove('workflows'),
              message: 'Workflows never import the services or their entry points.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['platform/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The browser app shares the services' vocabulary (domain/) and view types, never their code.
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/api/*',
                '**/infra/*',
                '**/workflows/*',
                '**/activities/*',
                '!./api/*',
                '!../api/*',
                '!../../api/*',
              ],
              allowTypeImports: true,
              message: 'The web app imports only types from the services.',
            },
          ],
        },
      ],
    },
  },
);
