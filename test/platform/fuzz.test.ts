import { HTTP_SERVICE_NAMES, type HttpServiceName } from '../../infra/config/services';
import { requestJson } from '../support/http';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { routeShapes } from '../support/apps';
import { routesOf, type RouteInfo } from '../support/routes';

/**
 * Bad input over every route of every service, against the running processes: malformed JSON,
 * wrong types, a huge body, unicode, hostile path parameters, no token, other users' tokens.
 * Every answer must be below 500, every error a JSON body with a message, and every process must
 * still be healthy afterwards.
 */
const PARAM_VALUES = [
  '1',
  '999999999999',
  '-1',
  'abc',
  '💥',
  `${'9'.repeat(30)}`,
  '%00',
  'a'.repeat(300),
];
const BODIES: unknown[] = [
  '{"subject":',
  '[]',
  'null',
  { subject: 123, body: ['x'], email: { $ne: null }, rating: '5', action: 7, steps: 'all' },
  { email: 'ü@例え.テスト', password: '🔑'.repeat(50), name: '\u0000\u202e', body: '𝕏'.repeat(10) },
  { padding: 'x'.repeat(2 * 1024 * 1024) },
];
const QUERIES = ['', '?limit=-5&cursor=%E2%98%83&status=💥&after=x', '?limit=99999999999999999999'];

function fill(path: string, value: string): string {
  return path.replace(/:[A-Za-z]+/g, encodeURIComponent(value));
}

describe('bad input over every route', () => {
  let platform: MiniPlatform;
  const tokens: Record<string, string | null> = { anonymous: null };
  const findings: string[] = [];
  const statuses = new Map<number, number>();

  /** Documented statuses by `${service} ${METHOD} ${express path}`, from each /api/docs.json. */
  const documented = new Map<string, number[]>();

  beforeAll(async () => {
    platform = await startMiniPlatform();
    for (const service of HTTP_SERVICE_NAMES) {
      const response = await fetch(`${platform.config.http[service].url}/api/docs.json`);
      const document = (await response.json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          documented.set(
            `${service} ${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
            Object.keys(operation.responses).map(Number),
          );
        }
      }
    }
    for (const [who, email, password] of [
      ['requester', 'requester1@helpdesk.local', 'requester-dev-password'],
      ['agent', 'it1@helpdesk.local', 'agent-dev-password'],
      ['admin', 'admin@helpdesk.local', 'admin-dev-password'],
    ] as const) {
      const login = await requestJson(
        `${platform.config.http.auth.url}/api/v1/auth/login`,
        'POST',
        {
          body: { email, password },
        },
      );
      tokens[who] = login.body.accessToken as string;
    }
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  async function probe(
    service: HttpServiceName,
    route: RouteInfo,
    url: string,
    who: string,
    body?: unknown,
  ) {
    const method = route.method;
    let answer;
    try {
      answer = await requestJson(`${platform.config.http[service].url}${url}`, method, {
        token: tokens[who] ?? null,
        ...(body !== undefined && method !== 'GET' ? { body } : {}),
      });
    } catch (error) {
      findings.push(`${service} ${method} ${url} as ${who}: ${String(error)}`);
      return;
    }
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    if (answer.status >= 500) {
      findings.push(
        `${service} ${method} ${url} as ${who}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
      );
    } else if (!documented.get(`${service} ${method} ${route.path}`)?.includes(answer.status)) {
      findings.push(
        `${service} ${method} ${route.path} (${url}) as ${who}: ${answer.status} is not in its OpenAPI responses`,
      );
    } else if (
      answer.status >= 400 &&
      typeof (answer.body.error as { message?: unknown } | undefined)?.message !== 'string'
    ) {
      findings.push(`${service} ${method} ${url} as ${who}: ${answer.status} without a JSON error`);
    }
  }

  it.each(HTTP_SERVICE_NAMES)(
    '%s answers every bad request with a 4xx JSON error and stays up',
    async (service) => {
      const routes = routesOf(routeShapes()[service]).filter((r) =>
        documented.has(`${service} ${r.method} ${r.path}`),
      );
      expect(routes.length).toBeGreaterThan(3);
      for (const route of routes) {
        for (const who of Object.keys(tokens)) {
          for (const value of PARAM_VALUES)
            await probe(service, route, fill(route.path, value), who);
          for (const query of QUERIES)
            await probe(service, route, `${fill(route.path, '1')}${query}`, who);
          if (route.method !== 'GET') {
            for (const body of BODIES)
              await probe(service, route, fill(route.path, '1'), who, body);
          }
        }
      }
      expect(findings).toEqual([]);
      for (const name of HTTP_SERVICE_NAMES) {
        expect((await fetch(`${platform.config.http[name].url}/health`)).status).toBe(200);
      }
      expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 401, 404, 422]));
      const seen = Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]));
      process.stdout.write(
        `fuzz after ${service} (${routes.length} routes): ${JSON.stringify(seen)}\n`,
      );
    },
    600_000,
  );
});
