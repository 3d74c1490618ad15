import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Test workers log only warnings and errors. */
Runtime.install({ logger: new DefaultLogger('WARN') });
