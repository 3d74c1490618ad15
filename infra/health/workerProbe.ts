import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../config/config';
import { temporalTarget } from '../temporal/client';

/**
 * Container health check of the Temporal worker: healthy while some worker polls the ticket task
 * queue for workflow tasks. `node dist/infra/health/workerProbe.js`
 */
async function main(): Promise<boolean> {
  const config = loadConfig();
  const connection = await Connection.connect({
    ...temporalTarget(config.temporal),
    connectTimeout: 3_000,
  });
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: config.temporal.namespace,
      taskQueue: { name: config.temporal.taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (pollers ?? []).length > 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (healthy) => process.exit(healthy ? 0 : 1),
  () => process.exit(1),
);
