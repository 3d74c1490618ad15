import { condition, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { BareActivities } from './bareLifecycle';

const { writeRow } = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/** The bench's bare lifecycle: one local activity writes one row, then the workflow waits. */
export async function bareLifecycle(): Promise<void> {
  await writeRow(workflowInfo().workflowId);
  await condition(() => false);
}
