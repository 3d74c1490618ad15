import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProbeActivities } from '../activities/probe';

const { recordProbe } = proxyActivities<ProbeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, initialInterval: '200 milliseconds' },
});

/** Proves the whole path works: Temporal → worker → activity → Postgres + RabbitMQ. */
export async function platformProbe(probeId: string): Promise<string> {
  await recordProbe({ probeId, workflowId: workflowInfo().workflowId });
  return probeId;
}
