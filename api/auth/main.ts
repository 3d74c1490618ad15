import { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import { runHttpService } from '../shared/runService';
import { createAuthApp } from './app';

runHttpService('auth', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.auth);
  const broker = await Broker.connect({ ...config.amqp, logger });
  return {
    app: createAuthApp({ logger, db, broker }),
    close: async () => {
      await broker.close();
      await db.destroy();
    },
  };
});
