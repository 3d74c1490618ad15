import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { Broker } from '../infra/amqp/broker';
import { loadConfig, type PlatformConfig } from '../infra/config/config';
import { HTTP_SERVICE_NAMES } from '../infra/config/services';
import { createLogger } from '../infra/logging/logger';
import { connectTemporalClient, temporalTarget, waitForTemporal } from '../infra/temporal/client';
import { ensureNamespace } from '../infra/temporal/namespace';
import { ROOT } from '../infra/temporal/processes';
import { preparePlatform } from './prepare';
import { runPlatformProbe } from './probe';
import type { DemoCredential } from '../api/auth/seed';
import { seedPlatform } from './seed';
import { applicationProcesses, healthUrls, infrastructureProcesses } from './processes';
import { waitForHealthy, waitForWorkerPollers } from './readiness';
import { startRunner } from './runner';
import { PlatformAlreadyRunningError, platformPorts } from './singleInstance';
import { DEVELOPMENT_RESTART_POLICY, type Supervisor } from './supervisor';

const PID_FILE = path.join(ROOT, '.temporal/platform.pid');
const NAME_WIDTH = 16;

function printUrls(
  config: PlatformConfig,
  startedAt: number,
  probeMs: number,
  users: DemoCredential[],
): void {
  const lines = [
    '',
    `All healthy in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (end-to-end probe ${probeMs} ms)`,
    `  ${'Web app'.padEnd(16)} ${config.web.url}`,
    ...HTTP_SERVICE_NAMES.map((name) => `  ${`${name} API`.padEnd(16)} ${config.http[name].url}`),
    `  ${'Temporal Web UI'.padEnd(16)} ${config.temporal.uiUrl}`,
    `  ${'Temporal gRPC'.padEnd(16)} ${config.temporal.address} (namespace ${config.temporal.namespace})`,
    '',
    'Demo users (development passwords):',
    ...users.map((u) => `  ${u.email.padEnd(28)} ${u.password.padEnd(24)} ${u.roles.join(', ')}`),
    'A process that exits is restarted (1 s, doubling to 30 s). Press Ctrl-C to stop everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  mkdirSync(path.dirname(PID_FILE), { recursive: true });
  const runner = await startRunner({
    pidFile: PID_FILE,
    ports: platformPorts(config),
    policy: DEVELOPMENT_RESTART_POLICY,
    stopTimeoutMs: 10_000,
    log: (line) => console.error(`${'[runner]'.padEnd(NAME_WIDTH)} ${line}`),
    output: (name, line) => console.log(`${`[${name}]`.padEnd(NAME_WIDTH)} ${line}`),
    exit: (code) => process.exit(code),
  });
  try {
    await bringUp(config, runner.supervisor, startedAt);
  } catch (error) {
    console.error('Bring-up failed:', error);
    await runner.shutdown(1);
  }
}

async function bringUp(config: PlatformConfig, supervisor: Supervisor, startedAt: number) {
  await preparePlatform(config, (line) => console.log(`[prepare] ${line}`));
  const seeded = await seedPlatform(config);
  console.log(`[seed] workflow definitions: ${seeded.definitions.join(', ') || 'already seeded'}`);

  supervisor.start(infrastructureProcesses(config));
  const temporal = temporalTarget(config.temporal);
  await waitForTemporal(temporal, 90_000);
  const connection = await Connection.connect(temporal);
  await ensureNamespace(connection, config.temporal.namespace);
  await connection.close();

  supervisor.start(applicationProcesses());
  const client = await connectTemporalClient(config);
  await waitForHealthy(healthUrls(config), 90_000);
  await waitForWorkerPollers(client, config.temporal.taskQueue, 90_000);
  const broker = await Broker.connect({ ...config.amqp, logger: createLogger('bring-up', config) });
  const probe = await runPlatformProbe(client, broker, config.temporal.taskQueue);
  await broker.close();
  await client.connection.close();
  printUrls(config, startedAt, probe.elapsedMs, seeded.users);
}

main().catch((error: unknown) => {
  console.error(error instanceof PlatformAlreadyRunningError ? error.message : error);
  process.exit(1);
});
