import { Connection } from '@temporalio/client';
import type { ConcurrentlyResult } from 'concurrently';
import { Broker } from '../amqp/broker';
import { loadConfig, type PlatformConfig } from '../config/config';
import { HTTP_SERVICE_NAMES } from '../config/services';
import { createLogger } from '../logging/logger';
import { connectTemporalClient, waitForTemporal } from '../temporal/client';
import { ensureNamespace } from '../temporal/namespace';
import type { ProcessSpec } from '../temporal/processes';
import { preparePlatform } from './prepare';
import { runPlatformProbe } from './probe';
import type { DemoCredential } from '../../api/auth/seed';
import { seedPlatform } from './seed';
import { applicationProcesses, healthUrls, infrastructureProcesses } from './processes';
import { waitForHealthy, waitForWorkerPollers } from './readiness';

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** concurrently is ESM-only; a real dynamic import keeps it on Node's ESM loader. */
async function run(specs: ProcessSpec[]): Promise<ConcurrentlyResult> {
  const { concurrently } = await import('concurrently');
  return concurrently(
    specs.map((spec) => ({
      name: spec.name,
      command: `exec ${[spec.command, ...spec.args].map(quote).join(' ')}`,
      cwd: spec.cwd,
      env: spec.env,
    })),
    { prefix: 'name', padPrefix: true, killOthersOn: ['failure'], killTimeout: 10_000 },
  );
}

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
    'Press Ctrl-C to stop everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  await preparePlatform(config, (line) => console.log(`[prepare] ${line}`));
  const seeded = await seedPlatform(config);
  console.log(`[seed] workflow definitions: ${seeded.definitions.join(', ') || 'already seeded'}`);

  const groups: ConcurrentlyResult[] = [];
  let stopping = false;
  const stopAll = (): void => {
    stopping = true;
    for (const group of groups) for (const command of group.commands) command.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stopping = true;
  });
  process.on('SIGTERM', stopAll);
  const settle = (group: ConcurrentlyResult): void => {
    groups.push(group);
    group.result.catch(() => {
      if (!stopping) {
        console.error('A platform process exited unexpectedly; stopping everything.');
        process.exitCode = 1;
        stopAll();
      }
    });
  };

  settle(await run(infrastructureProcesses(config)));
  await waitForTemporal(config.temporal.address, 90_000);
  const connection = await Connection.connect({ address: config.temporal.address });
  await ensureNamespace(connection, config.temporal.namespace);
  await connection.close();

  settle(await run(applicationProcesses()));
  const client = await connectTemporalClient(config);
  await waitForHealthy(healthUrls(config), 90_000);
  await waitForWorkerPollers(client, config.temporal.taskQueue, 90_000);
  const broker = await Broker.connect({ ...config.amqp, logger: createLogger('bring-up', config) });
  const probe = await runPlatformProbe(client, broker, config.temporal.taskQueue);
  await broker.close();
  await client.connection.close();
  printUrls(config, startedAt, probe.elapsedMs, seeded.users);

  await Promise.allSettled(groups.map((group) => group.result));
}

main().catch((error: unknown) => {
  console.error('Bring-up failed:', error);
  process.exit(1);
});
