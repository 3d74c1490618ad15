import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Broker } from '../amqp/broker';

/** A dependency probe: resolves when the dependency is usable, throws when it is not. */
export type HealthCheck = () => Promise<void>;

export function databaseCheck(knex: Knex): HealthCheck {
  return async () => {
    await knex.raw('select 1');
  };
}

export function brokerCheck(broker: Broker): HealthCheck {
  return () =>
    broker.isConnected() ? Promise.resolve() : Promise.reject(new Error('not connected'));
}

export function temporalCheck(client: Client): HealthCheck {
  return async () => {
    await client.workflowService.getSystemInfo({});
  };
}
