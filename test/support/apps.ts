import type { Express } from 'express';
import { createAuthApp } from '../../api/auth/app';
import { createMessagingApp } from '../../api/messaging/app';
import { createNotificationApp } from '../../api/notification/app';
import { createTicketApp } from '../../api/ticket/app';
import { createWorkflowApp } from '../../api/workflow/app';
import type { HttpServiceName } from '../../infra/config/services';
import { silentLogger, testConfig } from './platform';

/**
 * Each service's Express app built around placeholders: enough to read its routes and serve its
 * OpenAPI document (neither touches a dependency), never to handle a real request.
 */
export function routeShapes(): Record<HttpServiceName, Express> {
  const unused = {} as never;
  const config = testConfig();
  return {
    auth: createAuthApp({ logger: silentLogger, db: unused, broker: unused, keys: unused, config }),
    ticket: createTicketApp({
      logger: silentLogger,
      db: unused,
      temporal: unused,
      verifier: unused,
      media: unused,
      relay: unused,
      maxAttachmentBytes: 1024,
      numberPrefix: 'TX',
    }),
    workflow: createWorkflowApp({
      logger: silentLogger,
      db: unused,
      broker: unused,
      temporal: unused,
      verifier: unused,
    }),
    messaging: createMessagingApp({
      logger: silentLogger,
      db: unused,
      broker: unused,
      verifier: unused,
      comments: unused,
      live: unused,
      maxAttachmentBytes: 1024,
    }),
    notification: createNotificationApp({
      logger: silentLogger,
      db: unused,
      broker: unused,
      verifier: unused,
    }),
  };
}
