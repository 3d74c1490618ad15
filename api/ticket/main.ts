import { createKnex } from '../../infra/db/knex';
import { connectTemporalClient } from '../../infra/temporal/client';
import { runHttpService } from '../shared/runService';
import { createTicketApp } from './app';

runHttpService('ticket', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.ticket);
  const temporal = await connectTemporalClient(config);
  return {
    app: createTicketApp({ logger, db, temporal }),
    close: async () => {
      await temporal.connection.close();
      await db.destroy();
    },
  };
});
