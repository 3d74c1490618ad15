import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  acquirePidFile,
  assertPortsFree,
  PlatformAlreadyRunningError,
} from '../../platform/singleInstance';
import {
  createSupervisor,
  restartDelay,
  type RestartPolicy,
  type Supervisor,
} from '../../platform/supervisor';
import { ROOT } from '../../infra/temporal/processes';
import { eventually } from '../support/platform';

const nodeChild = (name: string, script: string) => ({
  name,
  command: process.execPath,
  args: ['-e', script],
  cwd: ROOT,
  env: {},
});
const STAYS_UP = 'setInterval(() => undefined, 1000)';

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function supervise(policy: RestartPolicy): { supervisor: Supervisor; lines: string[] } {
  const lines: string[] = [];
  const supervisor = createSupervisor({
    policy,
    stopTimeoutMs: 5_000,
    log: (line) => lines.push(line),
    output: (name, line) => lines.push(`${name} | ${line}`),
  });
  return { supervisor, lines };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('restart backoff', () => {
  it('doubles from 1 s up to 30 s', () => {
    const policy = { initialDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(policy, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});

describe('supervisor over real processes', () => {
  let running: Supervisor[] = [];
  afterEach(async () => {
    await Promise.all(running.map((supervisor) => supervisor.stop()));
    running = [];
  });

  it('restarts a killed process while its siblings keep running, and stops them all', async () => {
    const { supervisor, lines } = supervise({
      initialDelayMs: 200,
      maxDelayMs: 1_000,
      resetAfterMs: 60_000,
    });
    running.push(supervisor);
    supervisor.start([nodeChild('a', STAYS_UP), nodeChild('b', STAYS_UP)]);
    const first = supervisor.pids();
    expect(isAlive(first.a) && isAlive(first.b)).toBe(true);

    process.kill(first.a as number, 'SIGKILL');
    const second = await eventually(() => {
      const pids = supervisor.pids();
      expect(pids.a).toEqual(expect.any(Number));
      expect(pids.a).not.toBe(first.a);
      return pids;
    });
    expect(second.b).toBe(first.b);
    expect(isAlive(second.a) && isAlive(second.b)).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(/^!!! a was killed by SIGKILL after .*restarting in 0\.2 s/),
    );

    process.kill(second.a as number, 'SIGKILL');
    await eventually(() => expect(lines.join('\n')).toMatch(/restarting in 0\.4 s \(crash 2/));

    await supervisor.stop();
    const last = supervisor.pids();
    expect(lines.some((line) => line.startsWith('b restarting'))).toBe(false);
    expect([first.a, second.a, first.b].some(isAlive)).toBe(false);
    expect(Object.values(last).every((pid) => pid === undefined || !isAlive(pid))).toBe(true);
  });

  it('backs off a crash loop up to the cap and starts over after a process stayed up', async () => {
    const { supervisor, lines } = supervise({
      initialDelayMs: 100,
      maxDelayMs: 400,
      resetAfterMs: 1_500,
    });
    running.push(supervisor);
    supervisor.start([nodeChild('crasher', 'process.exit(3)'), nodeChild('steady', STAYS_UP)]);
    const delays = () =>
      lines
        .filter((line) => line.startsWith('!!! crasher exited with code 3'))
        .map((line) => /restarting in ([\d.]+) s/.exec(line)?.[1]);
    await eventually(() => expect(delays().length).toBeGreaterThanOrEqual(5), 20_000);
    expect(delays().slice(0, 5)).toEqual(['0.1', '0.2', '0.4', '0.4', '0.4']);

    await new Promise((resolve) => setTimeout(resolve, 1_600));
    process.kill(supervisor.pids().steady as number, 'SIGKILL');
    await eventually(() =>
      expect(lines).toContainEqual(expect.stringMatching(/^!!! steady .*in 0\.1 s \(crash 1 in/)),
    );
  });

  it('kills every process at once when the runner goes down', async () => {
    const { supervisor } = supervise({ initialDelayMs: 100, maxDelayMs: 100, resetAfterMs: 1_000 });
    running.push(supervisor);
    supervisor.start([nodeChild('a', STAYS_UP), nodeChild('b', STAYS_UP)]);
    const pids = Object.values(supervisor.pids());
    supervisor.killNow();
    await eventually(() => expect(pids.some(isAlive)).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(supervisor.pids()).toEqual({ a: undefined, b: undefined });
  });
});

describe('single instance', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runner-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder of the pid file while the first lives, takes over a stale one', async () => {
    const file = path.join(dir, 'platform.pid');
    const release = acquirePidFile(file);
    expect(() => acquirePidFile(file, process.pid + 1)).toThrow(PlatformAlreadyRunningError);
    release();
    expect(existsSync(file)).toBe(false);

    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(file, `${gone.pid}\n`);
    const takeOver = acquirePidFile(file);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    takeOver();
    expect(existsSync(file)).toBe(false);
  });

  it('names the ports another platform already listens on', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const { port } = taken.address() as AddressInfo;
    const free = await freePort();
    try {
      await expect(
        assertPortsFree([
          { name: 'ticket', host: '127.0.0.1', port },
          { name: 'web', host: '127.0.0.1', port: free },
        ]),
      ).rejects.toThrow(new RegExp(`ticket's port 127.0.0.1:${port} is in use`));
      await expect(
        assertPortsFree([{ name: 'web', host: '127.0.0.1', port: free }]),
      ).resolves.toBeUndefined();
    } finally {
      taken.close();
    }
  });
});

describe('the runner process', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runner-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  function runner(pidFile: string, port: number): { child: ChildProcess; output: () => string } {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test/support/supervisedRunner.ts'), pidFile, `${port}`],
      { cwd: ROOT },
    );
    children.push(child);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { child, output: () => text };
  }

  const exited = (child: ChildProcess): Promise<number | null> =>
    child.exitCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  const startedPids = (output: string, name: string): number[] =>
    [...output.matchAll(new RegExp(`^${name} \\| started (\\d+)$`, 'gm'))].map((m) => Number(m[1]));

  it('keeps going after a crash, refuses a second start, and exits on SIGTERM', async () => {
    const pidFile = path.join(dir, 'platform.pid');
    const port = await freePort();
    const first = runner(pidFile, port);
    await eventually(() => {
      expect(startedPids(first.output(), 'listener')).toHaveLength(1);
      expect(startedPids(first.output(), 'sleeper')).toHaveLength(1);
    }, 30_000);
    const [listener] = startedPids(first.output(), 'listener');
    const [sleeper] = startedPids(first.output(), 'sleeper');

    process.kill(listener as number, 'SIGKILL');
    await eventually(() => expect(startedPids(first.output(), 'listener')).toHaveLength(2));
    expect(first.output()).toMatch(/!!! listener was killed by SIGKILL/);
    expect(isAlive(sleeper)).toBe(true);
    expect(first.child.exitCode).toBeNull();

    const samePidFile = runner(pidFile, await freePort());
    expect(await exited(samePidFile.child)).toBe(2);
    expect(samePidFile.output()).toMatch(/already running.*\n.*holds .*platform\.pid/);
    const samePorts = runner(path.join(dir, 'other.pid'), port);
    expect(await exited(samePorts.child)).toBe(2);
    expect(samePorts.output()).toContain(`listener's port 127.0.0.1:${port} is in use`);
    expect(startedPids(samePorts.output(), 'sleeper')).toEqual([]);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: stopping every process/);
    expect(startedPids(first.output(), 'listener').some(isAlive)).toBe(false);
    expect(isAlive(sleeper)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('takes its processes down with it when the runner itself fails', async () => {
    const pidFile = path.join(dir, 'failing.pid');
    const failing = runner(pidFile, await freePort());
    await eventually(() => {
      expect(startedPids(failing.output(), 'listener')).toHaveLength(1);
      expect(startedPids(failing.output(), 'sleeper')).toHaveLength(1);
    }, 30_000);
    failing.child.kill('SIGUSR2');
    expect(await exited(failing.child)).not.toBe(0);
    expect(failing.output()).toContain('the runner failed');
    const pids = [
      ...startedPids(failing.output(), 'listener'),
      ...startedPids(failing.output(), 'sleeper'),
    ];
    await eventually(() => expect(pids.some(isAlive)).toBe(false));
  });
});
