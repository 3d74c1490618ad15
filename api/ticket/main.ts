import { createKnex } from '../../infra/db/knex';
import { connectTemporalClient } from '../../infra/temporal/client';
import { ServiceTokenSource } from '../../infra/http/serviceClient';
import { createServiceAuth } from '../shared/auth/serviceAuth';
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
  const auth = createServiceAuth(
    config,
    new ServiceTokenSource(config.http.auth.url, config.serviceApiKey),
    logger,
  );
  auth.revocations.start();
  return {
    app: createTicketApp({
      logger,
      db,
      temporal,
      verifier: auth.verifier,
      media: new MediaStore(config.tickets.mediaRoot),
      relay,
      maxAttachmentBytes: config.tickets.maxAttachmentBytes,
      numberPrefix: config.tickets.numberPrefix,
      corsOrigins: config.corsOrigins,
      metricsToken: config.metricsToken,
    }),
    close: async () => {
      await auth.revocations.stop();
      await relay.stop();
      await temporal.connection.close();
      await db.destroy();
    },
  };
});
