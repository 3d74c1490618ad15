import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Runs the project's own import rules (every `no-restricted-imports` block of eslint.config.mjs,
 * nothing else) over source text as if it lived at `file`; answers the messages per fixture.
 * ESLint's config is an ES module, so this runs in a child Node process.
 */
function lintImports(fixtures: [file: string, code: string][]): string[][] {
  const script = `
    import { Linter } from 'eslint';
    import tseslint from 'typescript-eslint';
    import config from './eslint.config.mjs';
    const rules = config
      .filter((block) => block.files && block.rules?.['no-restricted-imports'])
      .map(({ files, rules }) => ({ files, rules: { 'no-restricted-imports': rules['no-restricted-imports'] } }));
    const base = { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } };
    const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
    const fixtures = JSON.parse(process.argv[1]);
    console.log(JSON.stringify(fixtures.map(([file, code]) =>
      linter.verify(code, [base, ...rules], file).map((m) => m.message))));
  `;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(fixtures)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[][];
}

describe('lint keeps the floors (domain ← infra ← activities ← workflows ← api)', () => {
  it('fails an upward import on every floor, and passes the imports each floor may make', () => {
    const [domainUp, activitiesUp, workflowsValue, workflowsApi, allowed, workflowsTypes] =
      lintImports([
        ['domain/fixture.ts', "import { x } from '../infra/config/config';"],
        ['activities/fixture.ts', "import type { ActRequest } from '../workflows/messages';"],
        ['workflows/lifecycle/fixture.ts', "import { createActivities } from '../../activities';"],
        ['workflows/fixture.ts', "import type { Router } from '../api/workflow/app';"],
        [
          'activities/fixture.ts',
          "import { nextRoundRobin } from '../domain/assignment';\nimport { createKnex } from '../infra/db/knex';",
        ],
        ['workflows/fixture.ts', "import type { Activities } from '../activities';"],
      ]);
    expect(domainUp).toEqual([expect.stringContaining('domain imports only domain')]);
    expect(activitiesUp).toEqual([expect.stringContaining('never workflows')]);
    expect(workflowsValue).toEqual([expect.stringContaining('only types from activities')]);
    expect(workflowsApi).toEqual([expect.stringContaining('never import the services')]);
    expect(allowed).toEqual([]);
    expect(workflowsTypes).toEqual([]);
  });

  it('fails infra importing any floor above it (even a type), and passes infra importing domain and infra', () => {
    const upward = [
      "import { createHttpApp } from '../../api/shared/http/app';",
      "import type { platformProbe } from '../../workflows';",
      "import { createActivities } from '../../activities';",
      "import { runWorker } from '../../workers/temporal/worker';",
      "import { seedPlatform } from '../../platform/seed';",
    ];
    const results = lintImports([
      ...upward.map((code): [string, string] => ['infra/outbox/fixture.ts', code]),
      [
        'infra/outbox/fixture.ts',
        "import type { Logger } from '../logging/logger';\nimport { TICKET_NUMBER } from '../../domain/searchAttributes';",
      ],
      ['platform/fixture.ts', "import { seedAuthDemo } from '../api/auth/seed';"],
    ]);
    expect(results).toEqual([
      ...upward.map((): unknown[] => [
        expect.stringContaining('infra imports only domain and infra'),
      ]),
      [],
      [],
    ]);
  });
});
