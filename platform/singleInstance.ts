import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { PlatformConfig } from '../infra/config/config';
import { HTTP_SERVICE_NAMES } from '../infra/config/services';

/** Another platform (this checkout's or another one's) already runs here; nothing was started. */
export class PlatformAlreadyRunningError extends Error {
  constructor(readonly reasons: string[]) {
    super(
      `The platform (another checkout's, or the tests' temporal-server) is already running on ` +
        `this machine, so npm start stops before starting anything:\n  - ${reasons.join('\n  - ')}\n` +
        'Stop the other one (Ctrl-C in its terminal) or give this one other ports (see README, Environments).',
    );
    this.name = 'PlatformAlreadyRunningError';
  }
}

/** A port the platform listens on, and who listens on it. */
export interface PlatformPort {
  name: string;
  host: string;
  port: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the pid file of this checkout: refuses while the pid in it is alive, takes over a stale
 * one. Returns the release, which removes the file only while it still holds this process's pid.
 */
export function acquirePidFile(file: string, pid: number = process.pid): () => void {
  try {
    writeFileSync(file, `${pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new PlatformAlreadyRunningError([`process ${holder} holds ${file}`]);
    }
    writeFileSync(file, `${pid}\n`);
  }
  return () => {
    const holder = readFileSync(file, { encoding: 'utf8', flag: 'a+' }).trim();
    if (holder === String(pid)) rmSync(file, { force: true });
  };
}

function portInUse({ host, port }: PlatformPort): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(true);
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** Throws naming every port something else already listens on (another checkout's platform). */
export async function assertPortsFree(ports: PlatformPort[]): Promise<void> {
  const taken = await Promise.all(ports.map(portInUse));
  const reasons = ports
    .filter((_, index) => taken[index])
    .map(({ name, host, port }) => `${name}'s port ${host}:${port} is in use`);
  if (reasons.length > 0) throw new PlatformAlreadyRunningError(reasons);
}

/**
 * temporal-server's own ports, fixed in temporal/config/development.yaml (membership, internal
 * gRPC, HTTP, metrics): taken, it dies with ringpop's "address already in use".
 */
const TEMPORAL_INTERNAL_PORTS = [6933, 6934, 6935, 6939, 7234, 7235, 7239, 7243, 9233];

/** Every port `npm start` binds: Temporal's, its Web UI's, the services', web app's, mail sink's. */
export function platformPorts(config: PlatformConfig): PlatformPort[] {
  const [temporalHost = '127.0.0.1', temporalPort = '7233'] = config.temporal.address.split(':');
  return [
    { name: 'temporal', host: temporalHost, port: Number(temporalPort) },
    ...TEMPORAL_INTERNAL_PORTS.map((port) => ({ name: 'temporal', host: '127.0.0.1', port })),
    { name: 'temporal-ui', host: '127.0.0.1', port: config.temporal.uiPort },
    ...HTTP_SERVICE_NAMES.map((name) => ({
      name,
      host: config.httpHost,
      port: config.http[name].port,
    })),
    { name: 'web', host: config.httpHost, port: config.web.port },
    { name: 'smtp-sink', host: '127.0.0.1', port: config.smtp.port },
    { name: 'smtp-sink', host: '127.0.0.1', port: config.smtp.sinkHttpPort },
    { name: 'temporal-worker', host: config.httpHost, port: config.temporal.workerMetricsPort },
  ];
}
