import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import type { PlatformConfig } from '../../infra/config/config';
import { waitForTemporal } from '../../infra/temporal/client';
import { temporalServerSpec } from '../../infra/temporal/processes';
import { TEMPORAL_TEST_LOG } from './paths';

/** The temporal-server this jest run started, if it had to start one (shared by setup and teardown). */
const state: { server?: ChildProcess } = {};

export function setStartedServer(server: ChildProcess): void {
  state.server = server;
}

export async function stopStartedServer(): Promise<void> {
  const server = state.server;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Starts the built temporal-server for tests (log in TEMPORAL_TEST_LOG) and waits for it. */
export async function startTestTemporalServer(config: PlatformConfig): Promise<ChildProcess> {
  const spec = temporalServerSpec(config);
  const log = openSync(TEMPORAL_TEST_LOG, 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', log, log],
  });
  await waitForTemporal(config.temporal.address, 90_000);
  return child;
}
