import { NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { Broker } from '../../infra/amqp/broker';
import { loadConfig } from '../../infra/config/config';
import { createKnex } from '../../infra/db/knex';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';
import { createLogger } from '../../infra/logging/logger';
import { temporalSdkLogger } from '../../infra/logging/temporalLogger';
import { temporalTarget } from '../../infra/temporal/client';
import { createTicketWorker } from './worker';

/**
 * Ticket task queue worker. SIGINT/SIGTERM: the SDK stops polling, running activities get
 * WORKER_SHUTDOWN_GRACE_MS to finish, then the process closes its connections and exits.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('temporal-worker', config);
  Runtime.install({
    logger: temporalSdkLogger(logger),
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: `${config.httpHost}:${config.temporal.workerMetricsPort}` },
      },
    },
  });
  const workflowDb = createKnex(config.postgres, config.databases.workflow);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const tokens = new ServiceTokenSource(config.http.auth.url, config.serviceApiKey);
  const connection = await NativeConnection.connect(temporalTarget(config.temporal));
  const worker = await createTicketWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    shutdownGraceMs: config.temporal.workerShutdownGraceMs,
    activities: createActivities({
      workflowDb,
      broker,
      auth: new ServiceHttpClient('auth', config.http.auth.url, tokens),
      tickets: new ServiceHttpClient('ticket', config.http.ticket.url, tokens),
      messaging: new ServiceHttpClient('messaging', config.http.messaging.url, tokens),
    }),
  });
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await broker.close();
    await workflowDb.destroy();
    logger.info('worker stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `temporal-worker failed: ${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
