import path from 'node:path';
import type { PlatformConfig } from '../infra/config/config';
import { HTTP_SERVICE_NAMES } from '../infra/config/services';
import {
  ROOT,
  temporalServerSpec,
  temporalUiSpec,
  type ProcessSpec,
} from '../infra/temporal/processes';

function nodeProcess(name: string, entry: string): ProcessSpec {
  return {
    name,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, entry)],
    cwd: ROOT,
    env: {},
  };
}

/** Temporal's own programs: started first, everything else needs them. */
export function infrastructureProcesses(config: PlatformConfig): ProcessSpec[] {
  return [temporalServerSpec(config), temporalUiSpec(config)];
}

/** Every HTTP service and worker of the platform, the web app's server and the dev mail sink. */
export function applicationProcesses(): ProcessSpec[] {
  return [
    nodeProcess('smtp-sink', 'infra/smtp/main.ts'),
    // Every HTTP service has the same shape: its entry is api/<service>/main.ts.
    ...HTTP_SERVICE_NAMES.map((name) => nodeProcess(name, `api/${name}/main.ts`)),
    nodeProcess('temporal-worker', 'workers/temporal/main.ts'),
    nodeProcess('web', 'api/web/main.ts'),
  ];
}

/** Every /health the platform answers on once it is up: the services' and the web app's. */
export function healthUrls(config: PlatformConfig): string[] {
  return [
    ...HTTP_SERVICE_NAMES.map((name) => config.http[name].url),
    `http://${config.httpHost}:${config.web.port}`,
  ];
}
