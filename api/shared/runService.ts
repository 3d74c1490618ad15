import type { Server } from 'node:http';
import type { Express } from 'express';
import { loadConfig, type PlatformConfig } from '../../infra/config/config';
import type { HttpServiceName } from '../../infra/config/services';
import { createLogger, type Logger } from '../../infra/logging/logger';
import { startHttpServer } from './http/server';

export interface BuiltService {
  app: Express;
  /** Attaches what shares the HTTP server (WebSocket endpoints). */
  onListening?: (server: Server) => void;
  /** Releases the service's connections after the HTTP server has drained. */
  close(): Promise<void>;
}

type Build = (config: PlatformConfig, logger: Logger) => Promise<BuiltService>;

/** Process entry of one of the platform's HTTP services (`<name>-api` on its configured port). */
export function runHttpService(name: HttpServiceName, build: Build): void {
  runHttpProcess({ name: `${name}-api`, port: (config) => config.http[name].port }, build);
}

/**
 * Process entry of an HTTP server: config read once, app built from its dependencies,
 * graceful stop on SIGINT/SIGTERM (drain HTTP, then close connections).
 */
export function runHttpProcess(
  { name, port }: { name: string; port: (config: PlatformConfig) => number },
  build: Build,
): void {
  const start = async (): Promise<void> => {
    const config = loadConfig();
    const logger = createLogger(name, config);
    const service = await build(config, logger);
    const running = await startHttpServer(service.app, port(config), config.httpHost);
    service.onListening?.(running.server);
    logger.info({ url: running.url }, 'listening');
    let stopping = false;
    const stop = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      await running.stop();
      await service.close();
      process.exit(0);
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, (received) => void stop(received));
    }
  };
  start().catch((error: unknown) => {
    process.stderr.write(
      `${name} failed to start: ${String(error instanceof Error ? error.stack : error)}\n`,
    );
    process.exit(1);
  });
}
