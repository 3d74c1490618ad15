import path from 'node:path';
import type { PlatformConfig } from '../config/config';
import { HTTP_SERVICE_NAMES, type HttpServiceName } from '../config/services';
import { ROOT, temporalServerSpec, temporalUiSpec, type ProcessSpec } from '../temporal/processes';

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

/** Entry of each HTTP service (the notification service is a worker with an inbox API). */
const HTTP_ENTRIES: Record<HttpServiceName, string> = {
  auth: 'api/auth/main.ts',
  workflow: 'api/workflow/main.ts',
  ticket: 'api/ticket/main.ts',
  messaging: 'api/messaging/main.ts',
  notification: 'workers/notification/main.ts',
};

/** Every HTTP service and worker of the platform, the web app's server and the dev mail sink. */
export function applicationProcesses(): ProcessSpec[] {
  return [
    nodeProcess('smtp-sink', 'infra/smtp/main.ts'),
    ...HTTP_SERVICE_NAMES.map((name) => nodeProcess(name, HTTP_ENTRIES[name])),
    nodeProcess('temporal-worker', 'workers/temporal/main.ts'),
    nodeProcess('web', 'infra/web/main.ts'),
  ];
}

/** Every /health the platform answers on once it is up: the services' and the web app's. */
export function healthUrls(config: PlatformConfig): string[] {
  return [
    ...HTTP_SERVICE_NAMES.map((name) => config.http[name].url),
    `http://${config.httpHost}:${config.web.port}`,
  ];
}
