import fc from 'fast-check';
import type { PlatformConfig } from '../../infra/config/config';
import { healthUrls } from '../../platform/processes';
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

/** What a service answered: the status, and whether an error came as `{error: {message}}`. */
export interface Answer {
  status: number;
  jsonError: boolean;
}

/** Sends one fuzz request: the answer, or null when Node cut off a request with huge headers. */
export async function send(
  config: PlatformConfig,
  tokens: Record<string, string | null>,
  request: FuzzRequest,
): Promise<Answer | null> {
  const token = tokens[request.who];
  try {
    const response = await fetch(`${config.http[request.service].url}${request.url}`, {
      method: request.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...request.headers },
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let jsonError = false;
    try {
      jsonError = typeof (JSON.parse(text) as ErrorBody).error?.message === 'string';
    } catch {
      jsonError = false;
    }
    return { status: response.status, jsonError };
  } catch (error) {
    if (request.hugeHeaders) return null;
    throw new Error(`${request.method} ${request.url}: ${String(error)}`, { cause: error });
  }
}

interface ErrorBody {
  error?: { message?: unknown };
}

/**
 * What is wrong with an answer, if anything: a 5xx, or an error without the platform's JSON
 * error body (431 excepted: Node answers it before any service code runs).
 */
export function faultOf(answer: Answer | null): string | null {
  if (!answer) return null;
  if (answer.status >= 500) return `answered ${String(answer.status)}`;
  if (answer.status >= 400 && answer.status !== 431 && !answer.jsonError) {
    return `answered ${String(answer.status)} without a JSON error`;
  }
  return null;
}

/** Counts what the services answered, for the figures a pass prints. */
export class Tally {
  readonly statuses = new Map<string, number>();
  sent = 0;

  add(answer: Answer | null): void {
    this.sent += 1;
    const key = answer === null ? 'cut' : String(answer.status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  toString(): string {
    return JSON.stringify(Object.fromEntries([...this.statuses].sort()));
  }
}
