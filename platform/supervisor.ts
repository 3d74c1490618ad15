import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProcessSpec } from '../infra/temporal/processes';

/** How soon a crashed process is started again: doubling from the first delay up to the cap. */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that stayed up this long before it exited starts again from the first delay. */
  resetAfterMs: number;
}

/** `npm start`: 1 s, 2 s, 4 s … 30 s; a minute up counts as healthy again. */
export const DEVELOPMENT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
};

/** The delay before restart number `failures` (1 for the first crash in a row). */
export function restartDelay(policy: RestartPolicy, failures: number): number {
  const doubled = policy.initialDelayMs * 2 ** Math.max(0, failures - 1);
  return Math.min(policy.maxDelayMs, doubled);
}

export interface SupervisorDeps {
  policy: RestartPolicy;
  /** After SIGTERM, how long a process may take to exit before it gets SIGKILL. */
  stopTimeoutMs: number;
  /** The runner's own lines: crashes, restarts, stopping. */
  log: (line: string) => void;
  /** Each line a process prints, with its name. */
  output: (name: string, line: string) => void;
}

export interface Supervisor {
  /** Starts the processes and restarts each one that exits until stop() is called. */
  start(specs: ProcessSpec[]): void;
  /** SIGTERM to every process (SIGKILL after the timeout); resolves once all have exited. */
  stop(): Promise<void>;
  /** SIGKILL to every process at once, synchronously: the runner's last act when it dies. */
  killNow(): void;
  /** The process id of each running process (none while it waits to be restarted). */
  pids(): Record<string, number | undefined>;
}

interface Supervised {
  spec: ProcessSpec;
  child?: ChildProcess;
  startedAt: number;
  failures: number;
  restartTimer?: NodeJS.Timeout;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
}

/**
 * Runs the platform's processes and keeps them running: a process that exits is started again
 * after a backoff delay while the others carry on; only stop() ends them all.
 */
export function createSupervisor(deps: SupervisorDeps): Supervisor {
  const processes = new Map<string, Supervised>();
  let stopping = false;

  const pipe = (name: string, stream: NodeJS.ReadableStream | null): void => {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (line) => deps.output(name, line));
  };

  const scheduleRestart = (entry: Supervised, exit: string): void => {
    const upMs = Date.now() - entry.startedAt;
    entry.failures = upMs >= deps.policy.resetAfterMs ? 1 : entry.failures + 1;
    const delayMs = restartDelay(deps.policy, entry.failures);
    deps.log(
      `!!! ${entry.spec.name} ${exit} after ${(upMs / 1000).toFixed(1)} s; ` +
        `restarting in ${(delayMs / 1000).toFixed(1)} s (crash ${entry.failures} in a row) !!!`,
    );
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = undefined;
      if (stopping) return;
      deps.log(`${entry.spec.name} restarting`);
      launch(entry);
    }, delayMs);
  };

  const launch = (entry: Supervised): void => {
    const { spec } = entry;
    // Its own process group: a terminal's Ctrl-C reaches only the runner, which stops the
    // processes itself, so a process ending on Ctrl-C is never mistaken for a crash.
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    entry.child = child;
    entry.startedAt = Date.now();
    pipe(spec.name, child.stdout);
    pipe(spec.name, child.stderr);
    child.on('error', (error) => deps.log(`${spec.name} could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      entry.child = undefined;
      if (!stopping) scheduleRestart(entry, describeExit(code, signal));
    });
  };

  const stopOne = (entry: Supervised): Promise<void> => {
    clearTimeout(entry.restartTimer);
    const { child } = entry;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => {
        deps.log(`${entry.spec.name} did not stop in ${deps.stopTimeoutMs} ms; killing it`);
        child.kill('SIGKILL');
      }, deps.stopTimeoutMs);
      child.once('close', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };

  return {
    start(specs) {
      for (const spec of specs) {
        const entry: Supervised = { spec, startedAt: Date.now(), failures: 0 };
        processes.set(spec.name, entry);
        launch(entry);
      }
    },
    async stop() {
      stopping = true;
      await Promise.all([...processes.values()].map(stopOne));
    },
    killNow() {
      stopping = true;
      for (const entry of processes.values()) {
        clearTimeout(entry.restartTimer);
        entry.child?.kill('SIGKILL');
      }
    },
    pids() {
      return Object.fromEntries(
        [...processes.entries()].map(([name, entry]) => [name, entry.child?.pid]),
      );
    },
  };
}
