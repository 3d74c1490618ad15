import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createMessaging } from '../../api/messaging/app';
import type { TicketDirectory } from '../../api/messaging/ticketAccess';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import type { PlatformConfig } from '../../infra/config/config';
import { connectTestBroker, deleteTestTopology, silentLogger } from './platform';
import type { TestIdentity } from './tokens';

export interface TestMessaging {
  server: RunningServer;
  stop(): Promise<void>;
}

/**
 * One messaging instance (REST and socket hub on a free port) on the test's database, broker and
 * locally signed tokens, with its own media folder; nobody is @mentionable.
 */
export async function startTestMessaging(
  config: PlatformConfig,
  deps: { db: Knex; identity: TestIdentity; directory: TicketDirectory },
): Promise<TestMessaging> {
  const mediaRoot = await mkdtemp(path.join(tmpdir(), 'messaging-'));
  const broker = await connectTestBroker(config);
  const messaging = await createMessaging({
    config: { ...config, messaging: { ...config.messaging, mediaRoot } },
    db: deps.db,
    broker,
    verifier: deps.identity.verifier,
    revocations: deps.identity.revocations,
    directory: deps.directory,
    people: { usersByEmail: () => Promise.resolve([]) },
    logger: silentLogger,
  });
  const server = await startHttpServer(messaging.app, 0);
  messaging.hub.attach(server.server);
  return {
    server,
    async stop() {
      await messaging.hub.close();
      await server.stop();
      await deleteTestTopology(broker);
      await broker.close();
      await rm(mediaRoot, { recursive: true, force: true });
    },
  };
}
