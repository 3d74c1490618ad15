import type { OverrideSignalParse } from '../../domain/overrides';

type OverridesModule = { parseOverrideSignal(payload: unknown): OverrideSignalParse };

/**
 * Reads an `override` signal's payload with the REST API's own schema (domain/overrides.ts), loaded
 * on the first signal a run gets. The worker initialises the workflow bundle's modules once per
 * workflow, and zod's initialisation was a sixth of the workflow thread's CPU per ticket — paid by
 * every ticket for a message only a few receive.
 */
export function parseOverrideSignal(payload: unknown): OverrideSignalParse {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  const overrides = require('../../domain/overrides') as OverridesModule;
  return overrides.parseOverrideSignal(payload);
}
