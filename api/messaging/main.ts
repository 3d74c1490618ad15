import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { runHttpService } from '../shared/runService';
import { createMessagingApp } from './app';

runHttpService('messaging', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.messaging);
  const broker = await Broker.connect({ ...config.amqp, logger });
  return {
    app: createMessagingApp({ logger, db, broker }),
    close: async () => {
      await broker.close();
      await db.destroy();
    },
  };
});
