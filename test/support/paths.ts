import path from 'node:path';
import { ROOT } from '../../infra/temporal/processes';

/** Workflow bundle built once per test run by the global setup and shared by every worker. */
export const WORKFLOW_BUNDLE_PATH = path.join(ROOT, '.temporal/test/workflow-bundle.js');
export const TEMPORAL_TEST_LOG = path.join(ROOT, '.temporal/test/temporal-server.log');
