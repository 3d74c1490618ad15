import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { connectTemporalClient } from '../../infra/temporal/client';
import { runHttpService } from '../shared/runService';
import { createWorkflowApp } from './app';

runHttpService('workflow', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.workflow);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const temporal = await connectTemporalClient(config);
  return {
    app: createWorkflowApp({ logger, db, broker, temporal }),
    close: async () => {
      await temporal.connection.close();
      await broker.close();
      await db.destroy();
    },
  };
});
