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
  /**
   * Closes what onListening attached (its sockets) once the server stops accepting: the HTTP
   * drain waits for every socket, so an open WebSocket would otherwise hold it forever.
   */
  closeSockets?: () => Promise<void>;
  /** Releases the service's connections after the HTTP server has drained. */
  close(): Promise<void>;
}

/** SIGTERM to exit: 5 s of HTTP drain at most (startHttpServer), then closing (broker: 10 s). */
const SHUTDOWN_DEADLINE_MS = 15_000;

type Build = (config: PlatformConfig, logger: Logger) => Promise<BuiltService>;

/** Process entry of one of the platform's HTTP services (`<name>-api` on its configured port). */
export function runHttpService(name: HttpServiceName, build: Build): void {
  runHttpProcess({ name: `${name}-api`, port: (config) => config.http[name].port }, build);
}

/**
 * Process entry of an HTTP server: config read once, app built from its dependencies,
 * graceful stop on SIGINT/SIGTERM in the reverse order of opening: stop accepting and close the
 * sockets, drain HTTP, then close the service's connections. The process then ends by itself once
 * nothing is left open; what is still open at the deadline is reported by exit code 1.
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
      setTimeout(() => {
        logger.error('still open at the shutdown deadline; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      const drained = running.stop();
      await service.closeSockets?.();
      await drained;
      await service.close();
      logger.info('stopped');
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, (received) => {
        stop(received).catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
      });
    }
  };
  start().catch((error: unknown) => {
    process.stderr.write(
      `${name} failed to start: ${String(error instanceof Error ? error.stack : error)}\n`,
    );
    process.exit(1);
  });
}
