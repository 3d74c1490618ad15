import type { Knex } from 'knex';
import { createAuthApp } from '../../api/auth/app';
import { KeyRing } from '../../api/auth/keys';
import { ensurePlatformKey, longestTokenTtlSeconds, ServiceKeys } from '../../api/auth/serviceKeys';
import { createServiceAuth } from '../../api/shared/auth/serviceAuth';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import { MediaStore } from '../../api/shared/media/mediaStore';
import { createTicketApp } from '../../api/ticket/app';
import { WorkflowStartRelay } from '../../api/ticket/workflowStarts';
import { createWorkflowApp } from '../../api/workflow/app';
import { Broker } from '../../infra/amqp/broker';
import type { PlatformConfig } from '../../infra/config/config';
import { createKnex } from '../../infra/db/knex';
import { ServiceTokenSource } from '../../infra/http/serviceClient';
import { createLogger } from '../../infra/logging/logger';
import { connectTemporalClient } from '../../infra/temporal/client';

export interface BenchApps {
  urls: { auth: string; ticket: string; workflow: string };
  /** The pools the ticket and workflow apps query: the bench captures and replays their SQL. */
  dbs: { ticket: Knex; workflow: Knex };
  close(): Promise<void>;
}

/**
 * The auth, ticket and workflow HTTP apps built as their main.ts builds them, on free ports in
 * this process, against the bench databases: real sign-ins, real JWTs verified against auth's
 * JWKS. No relays or consumers run (nothing here may publish to the shared broker's queues).
 */
export async function startBenchApps(config: PlatformConfig): Promise<BenchApps> {
  const logger = createLogger('bench-million', { logLevel: 'warn' });
  const authDb = createKnex(config.postgres, config.databases.auth);
  const ticketDb = createKnex(config.postgres, config.databases.ticket);
  const workflowDb = createKnex(config.postgres, config.databases.workflow);
  const broker = await Broker.connect({ ...config.amqp, logger });
  const temporal = await connectTemporalClient(config);
  const keys = new KeyRing(authDb, longestTokenTtlSeconds(config.auth.accessTtlSeconds));
  await keys.ensureKey();
  await ensurePlatformKey(authDb, new ServiceKeys(authDb, keys), config.serviceApiKey);
  const servers: RunningServer[] = [];
  const auth = await startHttpServer(
    createAuthApp({ logger, db: authDb, broker, keys, config }),
    0,
  );
  servers.push(auth);
  const serviceAuth = createServiceAuth(
    { ...config, http: { ...config.http, auth: { ...config.http.auth, url: auth.url } } },
    new ServiceTokenSource(auth.url, config.serviceApiKey),
    logger,
  );
  serviceAuth.revocations.start();
  const ticket = await startHttpServer(
    createTicketApp({
      logger,
      db: ticketDb,
      temporal,
      verifier: serviceAuth.verifier,
      media: new MediaStore(config.tickets.mediaRoot),
      relay: new WorkflowStartRelay(ticketDb, temporal, config.temporal.taskQueue, logger, 60_000),
      maxAttachmentBytes: config.tickets.maxAttachmentBytes,
      numberPrefix: config.tickets.numberPrefix,
    }),
    0,
  );
  servers.push(ticket);
  const workflow = await startHttpServer(
    createWorkflowApp({ logger, db: workflowDb, broker, temporal, verifier: serviceAuth.verifier }),
    0,
  );
  servers.push(workflow);
  return {
    urls: { auth: auth.url, ticket: ticket.url, workflow: workflow.url },
    dbs: { ticket: ticketDb, workflow: workflowDb },
    async close() {
      for (const server of servers.reverse()) await server.stop();
      await serviceAuth.revocations.stop();
      await temporal.connection.close();
      await broker.close();
      await Promise.all([authDb.destroy(), ticketDb.destroy(), workflowDb.destroy()]);
    },
  };
}
