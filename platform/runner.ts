import { acquirePidFile, assertPortsFree, type PlatformPort } from './singleInstance';
import { createSupervisor, type RestartPolicy, type Supervisor } from './supervisor';

export interface RunnerOptions {
  /** Held while the runner runs: a second runner of the same checkout refuses to start. */
  pidFile: string;
  /** Must all be free before anything starts: another checkout's platform holds them otherwise. */
  ports: PlatformPort[];
  policy: RestartPolicy;
  stopTimeoutMs: number;
  log: (line: string) => void;
  output: (name: string, line: string) => void;
  /** Ends the runner's own process once everything has stopped. */
  exit: (code: number) => void;
}

export interface Runner {
  supervisor: Supervisor;
  /** Stops every process, gives up the pid file and exits with the code (once, however called). */
  shutdown(code: number): Promise<void>;
}

/**
 * The single-instance checks, then a supervisor whose processes are stopped on SIGINT/SIGTERM,
 * after which the runner exits. Throws PlatformAlreadyRunningError before starting anything.
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const release = acquirePidFile(options.pidFile);
  try {
    await assertPortsFree(options.ports);
  } catch (error) {
    release();
    throw error;
  }
  const supervisor = createSupervisor(options);
  let stopped: Promise<void> | undefined;
  const shutdown = (code: number): Promise<void> => {
    stopped ??= supervisor.stop().then(() => {
      release();
      options.log('everything stopped');
      options.exit(code);
    });
    return stopped;
  };
  // The processes run in their own process groups: should the runner die of an error, they
  // must not live on without it, holding the ports a new npm start needs.
  process.on('exit', () => supervisor.killNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      options.log(`${signal}: stopping every process`);
      void shutdown(0);
    });
  }
  return { supervisor, shutdown };
}
