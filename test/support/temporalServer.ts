import type { ChildProcess } from 'node:child_process';

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
