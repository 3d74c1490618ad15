import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

async function poll(what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Waits until every service answers 200 on /health (its DB, broker and Temporal are up). */
export async function waitForHealthy(baseUrls: string[], timeoutMs: number): Promise<void> {
  await Promise.all(
    baseUrls.map((url) =>
      poll(`${url}/health`, timeoutMs, async () => (await fetch(`${url}/health`)).status === 200),
    ),
  );
}

/** Waits until at least one worker polls the task queue for workflow tasks. */
export async function waitForWorkerPollers(
  client: Client,
  taskQueue: string,
  timeoutMs: number,
): Promise<void> {
  await poll(`workers on ${taskQueue}`, timeoutMs, async () => {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (pollers ?? []).length > 0;
  });
}
