import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createTicketApp } from '../../api/ticket/app';
import type { TokenVerifier } from '../../api/shared/auth/verifier';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import { MediaStore } from '../../api/shared/media/mediaStore';
import { WorkflowStartRelay } from '../../api/ticket/workflowStarts';
import type { PlatformConfig } from '../../infra/config/config';
import type { TestDatabase } from './platform';
import { silentLogger } from './platform';

export interface TestTicketApp {
  server: RunningServer;
  relay: WorkflowStartRelay;
  stop(): Promise<void>;
}

/**
 * The ticket API on a free port over the test's database and Temporal client, with its own media
 * folder; its workflow-start relay is left stopped (a test starts it when it needs workflows).
 */
export async function startTestTicketApp(
  config: PlatformConfig,
  deps: {
    database: TestDatabase;
    temporal: Client;
    verifier: TokenVerifier;
    maxAttachmentBytes?: number;
  },
): Promise<TestTicketApp> {
  const relay = new WorkflowStartRelay(
    deps.database.db,
    deps.temporal,
    config.temporal.taskQueue,
    silentLogger,
    60_000,
  );
  const app = createTicketApp({
    logger: silentLogger,
    db: deps.database.db,
    temporal: deps.temporal,
    verifier: deps.verifier,
    media: new MediaStore(mkdtempSync(path.join(os.tmpdir(), 'media-'))),
    relay,
    maxAttachmentBytes: deps.maxAttachmentBytes ?? 64 * 1024,
    numberPrefix: config.tickets.numberPrefix,
  });
  const server = await startHttpServer(app, 0);
  return {
    server,
    relay,
    async stop() {
      await relay.stop();
      await server.stop();
    },
  };
}
