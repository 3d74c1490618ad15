import path from 'node:path';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { ROOT } from '../temporal/processes';
import { startHttpServer } from '../../api/shared/http/server';
import { createWebApp } from './app';
import { webRuntimeConfig } from './runtimeConfig';

/** The web app's server: the built React app and its runtime config on WEB_PORT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('web', config);
  const app = createWebApp({
    distDir: path.join(ROOT, 'web/dist'),
    runtime: webRuntimeConfig(config),
    logger,
  });
  const running = await startHttpServer(app, config.web.port, config.httpHost);
  logger.info({ url: running.url }, 'listening');
  const stop = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`web failed to start: ${String(error)}\n`);
  process.exit(1);
});
