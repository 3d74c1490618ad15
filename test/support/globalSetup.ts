import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../../infra/config/config';
import { prepareTemporal } from '../../platform/prepare';
import { waitForTemporal } from '../../infra/temporal/client';
import { ensureNamespace } from '../../infra/temporal/namespace';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../workers/temporal/worker';
import { WORKFLOW_BUNDLE_PATH } from './paths';
import { setStartedServer, startTestTemporalServer } from './temporalServer';

async function isServing(address: string): Promise<boolean> {
  try {
    await waitForTemporal(address, 1_500);
    return true;
  } catch {
    return false;
  }
}

/**
 * Once per `jest` run: Temporal's databases and schema (never the services' default databases:
 * every test file makes its own, so a developer's `npm start` data and its migrations are left
 * alone), a temporal-server (the one already running
 * on this machine, or one started here and stopped in the teardown), the namespace with its search
 * attributes, and one workflow bundle for every test worker.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  await prepareTemporal(config);
  mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });

  if (!(await isServing(config.temporal.address))) {
    setStartedServer(await startTestTemporalServer(config));
  }
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    await ensureNamespace(connection, config.temporal.namespace);
  } finally {
    await connection.close();
  }

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
}
