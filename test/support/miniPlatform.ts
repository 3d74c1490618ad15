import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Broker } from '../../infra/amqp/broker';
import { loadConfig, type PlatformConfig } from '../../infra/config/config';
import { HTTP_SERVICE_NAMES } from '../../infra/config/services';
import { dropDatabase, ensureDatabases } from '../../infra/db/databases';
import { createKnex } from '../../infra/db/knex';
import { migrateService } from '../../infra/db/migrate';
import { applicationProcesses, healthUrls } from '../../infra/platform/processes';
import { waitForHealthy, waitForWorkerPollers } from '../../infra/platform/readiness';
import { seedPlatform } from '../../infra/platform/seed';
import { ROOT } from '../../infra/temporal/processes';
import { SERVICE_NAMES } from '../../infra/config/services';
import {
  connectTestClient,
  deleteTestTopology,
  silentLogger,
  terminateTestWorkflows,
  uniqueSuffix,
} from './platform';

/** Distinct free ports: all held open until every one is chosen, so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve) =>
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            resolve(address && typeof address !== 'string' ? address.port : 0);
          }),
        ),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export interface MiniPlatform {
  config: PlatformConfig;
  logFile: string;
  stop(): Promise<void>;
  /** kill -9 of one process by its runner name (`ticket`, `temporal-worker`, `smtp-sink`...). */
  kill(name: string): Promise<void>;
  /** Starts that process again and waits until the whole platform is ready. */
  restart(name: string): Promise<void>;
  waitReady(): Promise<void>;
}

/**
 * The platform's own processes (every HTTP service, the notification consumers, the Temporal
 * worker, the SMTP sink) started exactly as `npm start` starts them, but on free ports, fresh
 * databases, a private queue prefix and task queue, against the shared temporal-server.
 */
export async function startMiniPlatform(logLevel = 'warn'): Promise<MiniPlatform> {
  const suffix = uniqueSuffix();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: logLevel,
    AMQP_QUEUE_PREFIX: `e2e-${suffix}.`,
    TEMPORAL_TASK_QUEUE: `e2e-${suffix}`,
    TICKET_NUMBER_PREFIX: `E${suffix.toUpperCase()}`,
    AUTH_ARGON2_MEMORY_KIB: '1024',
    TICKET_MEDIA_ROOT: await mkdtemp(path.join(tmpdir(), 'e2e-media-')),
  };
  const ports = await freePorts(HTTP_SERVICE_NAMES.length + 4);
  env.WEB_PORT = String(ports.pop());
  env.WORKER_METRICS_PORT = String(ports.pop());
  env.SMTP_PORT = String(ports.pop());
  env.SMTP_SINK_HTTP_PORT = String(ports.pop());
  for (const service of SERVICE_NAMES)
    env[`${service.toUpperCase()}_DB`] = `test_${service}_${suffix}`;
  HTTP_SERVICE_NAMES.forEach((service, i) => {
    env[`${service.toUpperCase()}_PORT`] = String(ports[i]);
  });
  const config = loadConfig({ ...process.env, ...env });

  await ensureDatabases(config.postgres, Object.values(config.databases));
  for (const service of SERVICE_NAMES) {
    const db = createKnex(config.postgres, config.databases[service], 1);
    try {
      await migrateService(db, service);
    } finally {
      await db.destroy();
    }
  }
  await seedPlatform(config);

  const logDir = path.join(ROOT, '.temporal/test');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `e2e-${suffix}.log`);
  const log = openSync(logFile, 'a');
  const specs = new Map(applicationProcesses().map((spec) => [spec.name, spec]));
  const children = new Map<string, ChildProcess>();
  const launch = (name: string): void => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`no platform process ${name}`);
    children.set(
      name,
      spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env, ...env },
        stdio: ['ignore', log, log],
      }),
    );
  };
  for (const name of specs.keys()) launch(name);
  const exited = (child: ChildProcess): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  const waitReady = async (): Promise<void> => {
    await waitForHealthy(healthUrls(config), 90_000);
    const client = await connectTestClient(config);
    try {
      await waitForWorkerPollers(client, config.temporal.taskQueue, 90_000);
    } finally {
      await client.connection.close();
    }
  };
  const stop = async (): Promise<void> => {
    await Promise.all(
      [...children.values()].map((child) => {
        const done = exited(child);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        return done;
      }),
    );
    const client = await connectTestClient(config);
    try {
      await terminateTestWorkflows(client, config.temporal.taskQueue);
    } finally {
      await client.connection.close();
    }
    const broker = await Broker.connect({ ...config.amqp, logger: silentLogger });
    await deleteTestTopology(broker);
    await broker.close();
    for (const name of Object.values(config.databases)) await dropDatabase(config.postgres, name);
    await rm(env.TICKET_MEDIA_ROOT!, { recursive: true, force: true });
  };
  try {
    await waitReady();
  } catch (error) {
    await stop();
    throw new Error(`mini platform did not come up (see ${logFile}): ${String(error)}`);
  }
  return {
    config,
    logFile,
    stop,
    async kill(name) {
      const child = children.get(name);
      if (!child) throw new Error(`no platform process ${name}`);
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    async restart(name) {
      launch(name);
      await waitReady();
    },
    waitReady,
  };
}
