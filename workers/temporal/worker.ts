import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { RequestIdActivityInbound } from './requestIdInterceptor';

/** Workflow interceptor modules: bundled with the workflows (the tests' shared bundle too). */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../../workflows/interceptors')];

export interface TicketWorkerOptions {
  /** The caller's connection to temporal-server; it closes it once the worker has stopped. */
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Tests may register a subset. */
  activities: Partial<Activities>;
  /**
   * After shutdown is requested, how long running activities may finish before they are
   * cancelled; the worker gives up 5 s after that (the SDK would otherwise wait without end).
   */
  shutdownGraceMs?: number;
  /** Share a pre-built bundle (tests); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: { code: string };
}

/** The worker of the ticket task queue: any number of these share the queue without double work. */
export async function createTicketWorker(options: TicketWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.shutdownGraceMs === undefined
      ? {}
      : {
          shutdownGraceTime: options.shutdownGraceMs,
          shutdownForceTime: options.shutdownGraceMs + 5_000,
        }),
    interceptors: {
      // A pre-built bundle carries its workflow interceptors (bundled with them).
      ...(options.workflowBundle ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
      activity: [() => ({ inbound: new RequestIdActivityInbound() })],
    },
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../../workflows') }),
  });
}
