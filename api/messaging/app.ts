import { randomUUID } from 'node:crypto';
import { Router, type Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { LIVE_EXCHANGE, queueName } from '../../infra/amqp/topology';
import type { PlatformConfig } from '../../infra/config/config';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { Metrics } from '../../infra/metrics/metrics';
import { authenticate } from '../shared/auth/middleware';
import type { RevocationFeed } from '../shared/auth/revocations';
import { SocketSessions } from '../shared/auth/socketSessions';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { MediaStore } from '../shared/media/mediaStore';
import { CommentService } from './commentService';
import { CommentStore } from './comments';
import { CommentHub } from './hub';
import { brokerLivePublisher, type LiveEvent, type LivePublisher } from './liveEvents';
import { bindMessagingModels } from './models';
import type { PeopleDirectory } from './people';
import { Presence } from './presence';
import { commentRoutes } from './routes/comments';
import { internalRoutes } from './routes/internal';
import type { TicketDirectory } from './ticketAccess';

export interface MessagingAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  verifier: TokenVerifier;
  comments: CommentService;
  live: LivePublisher;
  maxAttachmentBytes: number;
  /** Browser origins allowed by CORS (the environment's allow-list); none in tests. */
  corsOrigins?: string[];
  /** The process's metrics registry, served at /metrics. */
  metrics?: Metrics;
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

/** Messaging over REST (the WebSocket side is the CommentHub on the same server). */
export function createMessagingApp(deps: MessagingAppDeps): Express {
  const routes = Router();
  routes.use(['/api/v1/tickets', '/internal/v1'], authenticate(deps.verifier));
  const tables = [
    commentRoutes(deps.comments, deps.maxAttachmentBytes),
    internalRoutes(deps.comments, deps.live),
  ];
  for (const table of tables) routes.use(table.router);
  return createHttpApp({
    service: 'messaging',
    logger: deps.logger,
    checks: { database: databaseCheck(deps.db), broker: brokerCheck(deps.broker) },
    routers: [routes],
    docs: tables.flatMap((table) => table.docs),
    ...(deps.corsOrigins ? { corsOrigins: deps.corsOrigins } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.metricsToken ? { metricsToken: deps.metricsToken } : {}),
  });
}

export interface MessagingDeps {
  config: Pick<PlatformConfig, 'messaging' | 'corsOrigins' | 'metricsToken'>;
  db: Knex;
  broker: Broker;
  verifier: TokenVerifier;
  /** Revocations the verifier checks; they also close the revoked users' sockets. */
  revocations: RevocationFeed;
  directory: TicketDirectory;
  people: PeopleDirectory;
  logger: Logger;
}

export interface MessagingService {
  app: Express;
  hub: CommentHub;
  comments: CommentService;
}

/**
 * One messaging instance: REST app, WebSocket hub and its subscription to the live fanout
 * exchange (each instance gets its own queue, so each gets every event once).
 */
export async function createMessaging(deps: MessagingDeps): Promise<MessagingService> {
  const { config, db, broker, logger } = deps;
  const store = new CommentStore(bindMessagingModels(db));
  const live = brokerLivePublisher(broker);
  const notificationQueue = queueName(broker.prefix, 'notification');
  const comments = new CommentService({
    store,
    directory: deps.directory,
    people: deps.people,
    live,
    media: new MediaStore(config.messaging.mediaRoot),
    maxAttachmentBytes: config.messaging.maxAttachmentBytes,
    notify: (message) => broker.sendToQueue(notificationQueue, message, { messageId: message.id }),
  });
  const presence = new Presence(db, randomUUID(), 3 * config.messaging.heartbeatMs);
  const hub = new CommentHub(
    {
      verifier: deps.verifier,
      sessions: new SocketSessions(deps.verifier, deps.revocations),
      comments,
      store,
      presence,
      live,
      logger,
    },
    config.messaging,
  );
  await broker.subscribe(
    `${broker.prefix}${LIVE_EXCHANGE}`,
    (event) => hub.deliver(event as LiveEvent),
    () => hub.resync(),
  );
  const metrics = new Metrics('messaging');
  metrics.gauge('websocket_connections', 'Open comment sockets on this instance', [], (g) => {
    g.set(hub.stats().connections);
  });
  metrics.gauge(
    'websocket_slow_consumer_disconnects',
    'Sockets closed because their send buffer was full, since start',
    [],
    (g) => {
      g.set(hub.stats().slowConsumerDisconnects);
    },
  );
  const app = createMessagingApp({
    metrics,
    logger,
    db,
    broker,
    verifier: deps.verifier,
    comments,
    live,
    maxAttachmentBytes: config.messaging.maxAttachmentBytes,
    corsOrigins: config.corsOrigins,
    metricsToken: config.metricsToken,
  });
  return { app, hub, comments };
}
