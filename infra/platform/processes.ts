import path from 'node:path';
import type { PlatformConfig } from '../config/config';
import { HTTP_SERVICE_NAMES } from '../config/services';
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

/** Every HTTP service and every worker of the platform. */
export function applicationProcesses(): ProcessSpec[] {
  return [
    ...HTTP_SERVICE_NAMES.map((name) => nodeProcess(`${name}-api`, `api/${name}/main.ts`)),
    nodeProcess('temporal-worker', 'workers/temporal/main.ts'),
  ];
}
