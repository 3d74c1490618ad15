import { Client, Connection } from '@temporalio/client';
import type { PlatformConfig } from '../config/config';

export async function connectTemporalClient(
  config: Pick<PlatformConfig, 'temporal'>,
): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** Resolves when the frontend answers a health check; throws after timeoutMs. */
export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`Temporal frontend at ${address} not ready after ${timeoutMs} ms`, {
    cause: lastError,
  });
}
