import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../infra/config/config';
import { createKnex } from '../../infra/db/knex';
import type { BareActivities } from './bareLifecycle';

/**
 * The bare lifecycle's worker, in a process of its own like the platform's worker: default worker
 * options, one activity that writes one row. Args: task queue, table. Says {ready} to its parent
 * once polling and stops when the parent disconnects.
 */
async function main(): Promise<void> {
  const [taskQueue, table] = process.argv.slice(2) as [string, string];
  const config = loadConfig();
  const db = createKnex(config.postgres, config.databases.workflow, 4);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./bareLifecycleWorkflow'),
    activities: {
      writeRow: async (workflowId: string) => {
        await db(table).insert({ workflow_id: workflowId }).onConflict('workflow_id').ignore();
      },
    } satisfies BareActivities,
  });
  process.on('disconnect', () => worker.shutdown());
  await worker.runUntil(async () => {
    process.send?.({ ready: true });
    await new Promise<void>((resolve) => process.once('disconnect', resolve));
  });
  await connection.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
