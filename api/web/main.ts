import path from 'node:path';
import { runHttpProcess } from '../shared/runService';
import { ROOT } from '../../infra/temporal/processes';
import { createWebApp } from './app';
import { webRuntimeConfig } from './runtimeConfig';

/** The web app's server: the built React app and its runtime config on WEB_PORT. */
runHttpProcess({ name: 'web', port: (config) => config.web.port }, (config, logger) =>
  Promise.resolve({
    app: createWebApp({
      distDir: path.join(ROOT, 'web/dist'),
      runtime: webRuntimeConfig(config),
      logger,
      metricsToken: config.metricsToken,
    }),
    close: () => Promise.resolve(),
  }),
);
