import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then drops idle sockets. */
  stop(graceMs?: number): Promise<void>;
}

export async function startHttpServer(
  app: Express,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  // Express 5 calls the listen callback with the error when listening fails (port taken).
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) => {
      if (error) reject(error);
      else resolve(listening);
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    stop: (graceMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
