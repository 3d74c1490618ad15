import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Broker } from '../../infra/amqp/broker';
import { loadConfig, type PlatformConfig } from '../../infra/config/config';
import { HTTP_SERVICE_NAMES } from '../../infra/config/services';
import { dropDatabase, ensureDatabases } from '../../infra/db/databases';
import { createKnex } from '../../infra/db/knex';
import { migrateService } from '../../infra/db/migrate';
import { applicationProcesses, healthUrls } from '../../platform/processes';
import { waitForHealthy, waitForWorkerPollers } from '../../platform/readiness';
import { seedPlatform } from '../../platform/seed';
import { ROOT } from '../../infra/temporal/processes';
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy';
import { SERVICE_NAMES } from '../../infra/config/services';
import {
  connectTestClient,
  deleteTestTopology,
  silentLogger,
  terminateTestWorkflows,
  uniqueSuffix,
} from './platform';

/**
 * Ports below the kernel's ephemeral range (32768+), in a block per jest worker: a port chosen
 * here is released before its process binds it, and in the ephemeral range any port-0 server or
 * outgoing connection of another test could take it first.
 */
const PORT_BLOCK = { base: 20_000, size: 1_500 };

function bindable(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Distinct free ports from this worker's block: all held open until every one is chosen. */
export async function freePorts(count: number): Promise<number[]> {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const start = PORT_BLOCK.base + ((worker - 1) % 8) * PORT_BLOCK.size;
  const offset = Math.floor(Math.random() * PORT_BLOCK.size);
  const held: Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < PORT_BLOCK.size && ports.length < count; i += 1) {
    const port = start + ((offset + i) % PORT_BLOCK.size);
    const server = await bindable(port);
    if (!server) continue;
    held.push(server);
    ports.push(port);
  }
  await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  if (ports.length < count) throw new Error(`only ${ports.length} of ${count} free ports`);
  return ports;
}

export interface MiniPlatform {
  config: PlatformConfig;
  logFile: string;
  /** Every process by its name: `ticket`, `temporal-worker`, `smtp-sink`...; `ticket#2`... */
  processNames: string[];
  stop(): Promise<void>;
  /** kill -9 of one process by its name. */
  kill(name: string): Promise<void>;
  /** SIGTERM to one process by its name (SIGKILL 30 s later); answers how it exited and when. */
  terminate(name: string): Promise<{ code: number | null; signal: string | null; ms: number }>;
  /** Starts that process again and waits until the whole platform is ready. */
  restart(name: string): Promise<void>;
  waitReady(): Promise<void>;
}

/** A name for the n-th instance of a process (0-based): `ticket`, `ticket#2`, ... */
const instanceName = (name: string, n: number): string => (n === 0 ? name : `${name}#${n + 1}`);

/**
 * The platform's own processes (every HTTP service, the notification consumers, the Temporal
 * worker, the SMTP sink) started exactly as `npm start` starts them, but on free ports, fresh
 * databases, a private queue prefix and task queue, against the shared temporal-server.
 * With `instances` > 1, that many of every service, the web server and the worker (one SMTP sink),
 * each HTTP service and the web server behind a round-robin proxy on the address the others and
 * the clients use, as behind the compose gateway or a Kubernetes Service.
 */
export async function startMiniPlatform(
  logLevel = 'warn',
  { instances = 1 }: { instances?: number } = {},
): Promise<MiniPlatform> {
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
  // Per instance: a port for each HTTP service, the web server and the worker's metrics; with
  // several instances, one more per listener for its proxy. All from one batch: a proxy left to
  // pick its own port could take an instance's (the web server then answered for the ticket API).
  const listeners = [...HTTP_SERVICE_NAMES.map((s) => `${s.toUpperCase()}_PORT`), 'WEB_PORT'];
  const proxyCount = instances > 1 ? listeners.length : 0;
  const ports = await freePorts((listeners.length + 1) * instances + 2 + proxyCount);
  env.SMTP_PORT = String(ports.pop());
  env.SMTP_SINK_HTTP_PORT = String(ports.pop());
  for (const service of SERVICE_NAMES)
    env[`${service.toUpperCase()}_DB`] = `test_${service}_${suffix}`;
  const instanceEnv = Array.from({ length: instances }, () => {
    const own: Record<string, string> = { WORKER_METRICS_PORT: String(ports.pop()) };
    for (const key of listeners) own[key] = String(ports.pop());
    return own;
  });
  const proxies: RoundRobinProxy[] = [];
  if (instances === 1) Object.assign(env, instanceEnv[0]);
  else {
    for (const key of listeners) {
      const proxy = await startRoundRobinProxy(
        instanceEnv.map((own) => Number(own[key])),
        Number(ports.pop()),
      );
      proxies.push(proxy);
      env[key] = String(proxy.port);
      if (key !== 'WEB_PORT') env[key.replace(/_PORT$/, '_URL')] = `http://127.0.0.1:${proxy.port}`;
    }
  }
  const config = loadConfig({ ...process.env, ...env });
  /** What answers once every instance is up: each one's /health, each worker's metrics. */
  const instanceHealthUrls = instanceEnv.flatMap((own) =>
    listeners.map((key) => `http://127.0.0.1:${own[key]}`),
  );

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
  const specs = new Map(
    applicationProcesses().flatMap((spec) =>
      Array.from({ length: spec.name === 'smtp-sink' ? 1 : instances }, (_, n) => [
        instanceName(spec.name, n),
        { ...spec, env: { ...spec.env, ...env, ...instanceEnv[n] } },
      ]),
    ),
  );
  const children = new Map<string, ChildProcess>();
  const launch = (name: string): void => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`no platform process ${name}`);
    children.set(
      name,
      spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
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
    await waitForHealthy(instances === 1 ? healthUrls(config) : instanceHealthUrls, 90_000);
    await waitForMetrics(
      instanceEnv.map((own) => Number(own.WORKER_METRICS_PORT)),
      90_000,
    );
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
    await Promise.all(proxies.map((proxy) => proxy.close()));
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
    processNames: [...specs.keys()],
    stop,
    async kill(name) {
      const child = children.get(name);
      if (!child) throw new Error(`no platform process ${name}`);
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    async terminate(name) {
      const child = children.get(name);
      if (!child) throw new Error(`no platform process ${name}`);
      const started = Date.now();
      const done = exited(child);
      child.kill('SIGTERM');
      // Past any grace: the caller sees the SIGKILL instead of waiting forever.
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(killer);
      return { code: child.exitCode, signal: child.signalCode, ms: Date.now() - started };
    },
    async restart(name) {
      launch(name);
      await waitReady();
    },
    waitReady,
  };
}

/** Waits until every worker's SDK metrics endpoint answers (its runtime is up). */
async function waitForMetrics(ports: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`worker metrics on ${port} not up`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
