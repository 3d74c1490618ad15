import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `${name}/*`, `node:${name}`]);

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
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, and only
    // types from activities (activities are called through proxyActivities).
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
              group: ['**/activities', '**/activities/*'],
              allowTypeImports: true,
              message: 'Workflows import only types from activities.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['infra/platform/**/*.ts', 'bench/**/*.ts'],
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
