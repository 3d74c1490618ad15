import type { PlatformConfig } from '../../infra/config/config';
import { HTTP_SERVICE_NAMES, type HttpServiceName } from '../../infra/config/services';
import type { WebRuntimeConfig } from './contract';

export function webRuntimeConfig(config: PlatformConfig): WebRuntimeConfig {
  return {
    services: Object.fromEntries(
      HTTP_SERVICE_NAMES.map((name) => [name, config.http[name].publicUrl]),
    ) as Record<HttpServiceName, string>,
    temporal: { uiUrl: config.temporal.uiUrl, namespace: config.temporal.namespace },
  };
}
