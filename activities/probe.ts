import type { Knex } from 'knex';
import type { Broker } from '../infra/amqp/broker';
import { PROBE_EXCHANGE } from '../infra/amqp/topology';

export interface ProbeActivityDeps {
  workflowDb: Knex;
  broker: Broker;
}

export interface ProbeRecord {
  probeId: string;
  workflowId: string;
}

/** The platform probe's activity: one row in Postgres, one message on RabbitMQ. Idempotent. */
export function createProbeActivities({ workflowDb, broker }: ProbeActivityDeps) {
  return {
    async recordProbe(record: ProbeRecord): Promise<void> {
      await workflowDb('platform_probes')
        .insert({ id: record.probeId, workflow_id: record.workflowId })
        .onConflict('id')
        .ignore();
      await broker.publish(`${broker.prefix}${PROBE_EXCHANGE}`, record.probeId, record, {
        messageId: record.probeId,
      });
    },
  };
}

export type ProbeActivities = ReturnType<typeof createProbeActivities>;
