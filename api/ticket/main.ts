import { createKnex } from '../../infra/db/knex';
import { connectTemporalClient } from '../../infra/temporal/client';
import { createTokenVerifier, remoteKeySet } from '../shared/auth/verifier';
import { runHttpService } from '../shared/runService';
import { createTicketApp } from './app';
import { MediaStore } from '../shared/media/mediaStore';
import { WorkflowStartRelay } from './workflowStarts';

runHttpService('ticket', async (config, logger) => {
  const db = createKnex(config.postgres, config.databases.ticket);
  const temporal = await connectTemporalClient(config);
  const relay = new WorkflowStartRelay(
    db,
    temporal,
    config.temporal.taskQueue,
    logger,
    config.tickets.outboxPollMs,
  );
  relay.start();
  return {
    app: createTicketApp({
      logger,
      db,
      temporal,
      verifier: createTokenVerifier(remoteKeySet(config.http.auth.url)),
      media: new MediaStore(config.tickets.mediaRoot),
      relay,
      maxAttachmentBytes: config.tickets.maxAttachmentBytes,
      numberPrefix: config.tickets.numberPrefix,
      corsOrigins: config.corsOrigins,
      metricsToken: config.metricsToken,
    }),
    close: async () => {
      await relay.stop();
      await temporal.connection.close();
      await db.destroy();
    },
  };
});
