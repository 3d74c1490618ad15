import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { PlatformConfig } from '../config/config';

/** Where and how a process reaches Temporal's frontend: `Connection` and `NativeConnection` take it. */
export interface TemporalTarget {
  address: string;
  tls?: TLSConfig;
}

/**
 * The frontend's address and, where the config names a client certificate (production), the mTLS
 * settings: certificate and key, the CA that signed the frontend's certificate and its name.
 * Files are read once per connection, so a rotated certificate takes effect on restart.
 */
export function temporalTarget(temporal: PlatformConfig['temporal']): TemporalTarget {
  const { address, tls } = temporal;
  if (!tls) return { address };
  return {
    address,
    tls: {
      clientCertPair: {
        crt: readFileSync(tls.clientCertPath),
        key: readFileSync(tls.clientKeyPath),
      },
      ...(tls.serverCaCertPath
        ? { serverRootCACertificate: readFileSync(tls.serverCaCertPath) }
        : {}),
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
    },
  };
}

export async function connectTemporalClient(
  config: Pick<PlatformConfig, 'temporal'>,
): Promise<Client> {
  const connection = await Connection.connect(temporalTarget(config.temporal));
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** Resolves when the frontend answers a health check; throws after timeoutMs. */
export async function waitForTemporal(
  target: string | TemporalTarget,
  timeoutMs: number,
): Promise<void> {
  const options = typeof target === 'string' ? { address: target } : target;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ ...options, connectTimeout: 1_000 });
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
  throw new Error(`Temporal frontend at ${options.address} not ready after ${timeoutMs} ms`, {
    cause: lastError,
  });
}
