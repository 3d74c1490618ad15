import pino, { type Logger } from 'pino';
import type { PlatformConfig } from '../config/config';
import { currentRequestId } from '../context/requestId';

export type { Logger };

/** Structured JSON logs, one logger per process, named after the process. */
export function createLogger(name: string, config: Pick<PlatformConfig, 'logLevel'>): Logger {
  return pino({
    name,
    level: config.logLevel,
    base: { service: name },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}
