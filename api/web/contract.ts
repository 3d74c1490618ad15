import type { HttpServiceName } from '../../infra/config/services';

/** What the browser app reads from /config.json: where each API and the Temporal Web UI are. */
export interface WebRuntimeConfig {
  services: Record<HttpServiceName, string>;
  temporal: { uiUrl: string; namespace: string };
}
