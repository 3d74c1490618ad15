import { execFile, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import type { PlatformConfig } from '../../infra/config/config';
import { startTestTemporalServer } from './temporalServer';

const run = promisify(execFile);

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitPort(host: string, port: number, open: boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await portOpen(host, port)) !== open) {
    if (Date.now() > deadline) throw new Error(`${host}:${port} still ${open ? 'closed' : 'open'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function pidsOf(args: string[]): Promise<number[]> {
  const { stdout } = await run('pgrep', args).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean).map(Number);
}

/** kill -9 of whatever temporal-server serves the frontend port, then a fresh one of ours. */
export async function crashAndRestartTemporal(config: PlatformConfig): Promise<ChildProcess> {
  const [host = '127.0.0.1', port = '7233'] = config.temporal.address.split(':');
  for (const pid of await pidsOf(['-f', 'temporal-server'])) process.kill(pid, 'SIGKILL');
  await waitPort(host, Number(port), false, 30_000);
  return startTestTemporalServer(config);
}

/** kill -9 of the RabbitMQ node, then started again the way the setup script starts it. */
export async function crashAndRestartRabbitMq(config: PlatformConfig): Promise<void> {
  const url = new URL(config.amqp.url);
  const port = Number(url.port || 5672);
  for (const pid of await pidsOf(['-f', 'beam.smp.*rabbit'])) process.kill(pid, 'SIGKILL');
  await waitPort(url.hostname, port, false, 30_000);
  await run('rabbitmq-server', ['-detached']);
  await waitPort(url.hostname, port, true, 90_000);
}
