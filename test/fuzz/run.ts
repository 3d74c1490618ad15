import fc from 'fast-check';
import type { PlatformConfig } from '../../infra/config/config';
import { healthUrls } from '../../infra/platform/processes';
import type { FuzzRequest } from './rest';

const fuzzRuns = (defaultRuns: number): number =>
  process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : defaultRuns;

/**
 * Seed and run count of every property: `FUZZ_SEED` replays a failure exactly (the seed is
 * printed with it), `FUZZ_RUNS` makes the long pass (`npm run test:fuzz`).
 */
function fuzzSettings(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = process.env.FUZZ_SEED
    ? Number(process.env.FUZZ_SEED)
    : Math.floor(Math.random() * 2 ** 31);
  return { seed, numRuns: fuzzRuns(defaultRuns) };
}

/** A test's time limit: a few seconds per run on a busy machine, plus shrinking a failure. */
export const fuzzTimeout = (defaultRuns: number): number => 120_000 + fuzzRuns(defaultRuns) * 3_000;

/** Runs a property; a failure throws with the seed and the counterexample fast-check shrank to. */
export async function checkProperty<T>(
  name: string,
  property: fc.IAsyncProperty<T>,
  defaultRuns: number,
): Promise<number> {
  const settings = fuzzSettings(defaultRuns);
  const details = await fc.check(property, settings);
  if (details.failed) {
    throw new Error(
      `${name} failed; replay with FUZZ_SEED=${String(settings.seed)} FUZZ_RUNS=${String(settings.numRuns)}\n` +
        fc.defaultReportMessage(details),
    );
  }
  return details.numRuns;
}

/** Every process of the platform answers /health with 200, or this throws naming the first that does not. */
export async function expectAllHealthy(config: PlatformConfig): Promise<void> {
  for (const url of healthUrls(config)) {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(15_000) });
    await response.body?.cancel();
    if (response.status !== 200)
      throw new Error(`${url}/health answered ${String(response.status)}`);
  }
}

/** Sends one fuzz request: the status, or null when Node cut off a request with huge headers. */
export async function send(
  config: PlatformConfig,
  tokens: Record<string, string | null>,
  request: FuzzRequest,
): Promise<number | null> {
  const token = tokens[request.who];
  try {
    const response = await fetch(`${config.http[request.service].url}${request.url}`, {
      method: request.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...request.headers },
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    if (request.hugeHeaders) return null;
    throw new Error(`${request.method} ${request.url}: ${String(error)}`, { cause: error });
  }
}

/** Counts what the services answered, for the figures a pass prints. */
export class Tally {
  readonly statuses = new Map<string, number>();
  sent = 0;

  add(status: number | null): void {
    this.sent += 1;
    const key = status === null ? 'cut' : String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  toString(): string {
    return JSON.stringify(Object.fromEntries([...this.statuses].sort()));
  }
}
