import { startHttpServer } from '../../api/shared/http/server';
import { HTTP_SERVICE_NAMES } from '../../infra/config/services';
import { routeShapes } from '../support/apps';
import { routesOf } from '../support/routes';

const OWN_ROUTES = /^(\/health(\/live)?|\/api\/v1\/health\/?|\/metrics|\/api\/docs.*)$/;

describe('OpenAPI documents', () => {
  it.each(HTTP_SERVICE_NAMES)('%s documents exactly the routes it serves', async (service) => {
    const app = routeShapes()[service];
    const server = await startHttpServer(app, 0);
    try {
      const response = await fetch(`${server.url}/api/docs.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as {
        openapi: string;
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      expect(document.openapi).toBe('3.1.0');
      const documented = Object.entries(document.paths)
        .flatMap(([path, methods]) =>
          Object.keys(methods).map(
            (m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          ),
        )
        .sort();
      const served = routesOf(app)
        .filter((route) => !OWN_ROUTES.test(route.path))
        .map((route) => `${route.method} ${route.path}`)
        .sort();
      expect(documented).toEqual(served);
      for (const methods of Object.values(document.paths)) {
        for (const operation of Object.values(methods)) {
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '503']));
        }
      }
      const ui = await fetch(`${server.url}/api/docs/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
    } finally {
      await server.stop();
    }
  });

  it.each(HTTP_SERVICE_NAMES)(
    '%s answers 401 without a token on every route it documents as not public',
    async (service) => {
      const app = routeShapes()[service];
      const server = await startHttpServer(app, 0);
      try {
        const document = (await (await fetch(`${server.url}/api/docs.json`)).json()) as {
          paths: Record<string, Record<string, { 'x-access': string }>>;
        };
        const guarded = Object.entries(document.paths).flatMap(([path, methods]) =>
          Object.entries(methods)
            .filter(([, operation]) => operation['x-access'] !== 'public')
            .map(([method]) => ({
              method: method.toUpperCase(),
              path: path.replace(/\{\w+\}/g, '1'),
            })),
        );
        expect(guarded.length).toBeGreaterThan(0);
        const answers = await Promise.all(
          guarded.map(async ({ method, path }) => {
            const response = await fetch(`${server.url}${path}`, { method });
            return `${method} ${path} ${response.status}`;
          }),
        );
        expect(answers).toEqual(guarded.map(({ method, path }) => `${method} ${path} 401`));
      } finally {
        await server.stop();
      }
    },
  );
});
