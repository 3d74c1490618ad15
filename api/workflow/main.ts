import { RoleMemberReplica } from '../../activities/roleReplica';
import { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import { createKnex } from '../../infra/db/knex';
import { registerQueueMetrics } from '../../infra/metrics/brokerMetrics';
import { Metrics } from '../../infra/metrics/metrics';
import { connectTemporalClient } from '../../infra/temporal/client';
import { ServiceTokenSource } from '../../infra/http/serviceClient';
import { createServiceAuth } from '../shared/auth/serviceAuth';
import { runHttpService } from '../shared/runService';
import { createWorkflowApp } from './app';
import { DefinitionPublisher } from './definitionPublisher';
import { DefinitionStore } from './definitionStore';
import { LifecycleClient } from '../shared/lifecycleClient';
import { roleSyncHandler } from './consumers/roleSync';
import { seedRequestHandler } from './consumers/seedRequests';
import { userRoleSyncHandler } from './consumers/userRoleSync';

runHttpService('workflow', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.workflow);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const temporal = await connectTemporalClient(config);
  const auth = createServiceAuth(
    config,
    new ServiceTokenSource(config.http.auth.url, config.serviceApiKey),
    logger,
  );
  auth.revocations.start();
  const prefetch = config.amqp.prefetch;
  const replica = new RoleMemberReplica(db);
  await broker.consume(
    queueName(broker.prefix, 'userSystemRoleSync'),
    userRoleSyncHandler(db, replica, temporal, logger),
    { prefetch },
  );
  await broker.consume(queueName(broker.prefix, 'roleSync'), roleSyncHandler(replica), {
    prefetch,
  });
  await broker.consume(
    queueName(broker.prefix, 'workflowSeed'),
    seedRequestHandler(
      new DefinitionPublisher(new DefinitionStore(db), new LifecycleClient(temporal)),
      logger,
    ),
    { prefetch: 1 },
  );
  const metrics = new Metrics('workflow');
  registerQueueMetrics(metrics, broker, [
    queueName(broker.prefix, 'userSystemRoleSync'),
    queueName(broker.prefix, 'roleSync'),
    queueName(broker.prefix, 'workflowSeed'),
  ]);
  metrics.countsGauge(
    'sla_breached_tasks',
    'Tasks whose SLA was breached, by status',
    ['status'],
    () =>
      db('tasks')
        .where({ sla_breached: true })
        .groupBy('status')
        .select<{ status: string; count: string }[]>('status', db.raw('count(*) as count')),
  );
  return {
    app: createWorkflowApp({
      metrics,
      logger,
      db,
      broker,
      temporal,
      verifier: auth.verifier,
      corsOrigins: config.corsOrigins,
      metricsToken: config.metricsToken,
    }),
    close: async () => {
      await auth.revocations.stop();
      await broker.close();
      await temporal.connection.close();
      await db.destroy();
    },
  };
});
