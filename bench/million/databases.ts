import { loadConfig, type PlatformConfig } from '../../infra/config/config';
import type { ServiceName } from '../../infra/config/services';

/** The suffix of the bench's own databases: never the ones `npm start` or the tests use. */
export const BENCH_SUFFIX = '_bench1m';

/** The services whose databases the million-ticket bench seeds and serves. */
export const BENCH_SERVICES: ServiceName[] = ['auth', 'workflow', 'ticket', 'messaging'];

/** The platform's config with every service database renamed to its `_bench1m` twin. */
export function benchConfig(): PlatformConfig {
  const config = loadConfig();
  const databases = Object.fromEntries(
    Object.entries(config.databases).map(([service, name]) => [service, `${name}${BENCH_SUFFIX}`]),
  ) as Record<ServiceName, string>;
  return { ...config, databases };
}
