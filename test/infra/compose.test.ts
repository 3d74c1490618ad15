import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { loadConfig } from '../../infra/config/config';
import { HTTP_SERVICE_NAMES, SERVICES } from '../../infra/config/services';
import { ROOT } from '../../infra/temporal/processes';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  command?: string[] | string;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }> | string[];
  build?: { target?: string };
  environment?: Record<string, string>;
  restart?: string;
  deploy?: { replicas?: number };
  ports?: (string | { published?: number | string })[];
  volumes?: (string | { source?: string; target?: string })[];
}

/** The platform's own processes, each run twice. */
const APP_SERVICES = [
  'auth',
  'workflow',
  'ticket',
  'messaging',
  'notification',
  'temporal-worker',
  'web',
];
const ONE_SHOT = ['temporal-schema', 'setup'];

/** What an operator puts in .env (deploy/compose.env.example); compose refuses to run without. */
const SECRETS = {
  POSTGRES_PASSWORD: 'pg-secret',
  RABBITMQ_PASSWORD: 'mq-secret',
  SERVICE_API_KEY: 'a-service-key-of-32-characters!!',
  METRICS_TOKEN: 'a-metrics-token-of-32-characters',
  SMTP_HOST: 'smtp.example.org',
  BOOTSTRAP_ADMIN_EMAIL: 'ops@example.org',
  BOOTSTRAP_ADMIN_PASSWORD: 'a-first-admin-password',
  TEMPORAL_UI_OIDC_ISSUER_URL: 'https://login.example.org/realms/helpdesk',
  TEMPORAL_UI_OIDC_CLIENT_ID: 'temporal-ui',
  TEMPORAL_UI_OIDC_CLIENT_SECRET: 'oidc-client-secret',
};

async function composeConfig(env: Record<string, string>, quiet = false): Promise<string> {
  const args = ['-f', 'docker-compose.yml', 'config', ...(quiet ? ['-q'] : [])];
  // Only the given variables: a developer's own .env or shell must not make the test pass.
  const { stdout } = await run('docker-compose', args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return stdout;
}

describe('docker-compose.yml (production shape)', () => {
  let services: Record<string, ComposeService>;

  beforeAll(async () => {
    await composeConfig(SECRETS, true);
    const rendered = await composeConfig(SECRETS);
    services = (parse(rendered) as { services: Record<string, ComposeService> }).services;
  });

  it('refuses to render without its secrets instead of falling back to defaults', async () => {
    await expect(composeConfig({})).rejects.toThrow(/POSTGRES_PASSWORD/);
  });

  it('runs every service and worker of the platform from the one Dockerfile', () => {
    for (const name of APP_SERVICES) {
      expect(services[name]?.build?.target).toBe('runtime');
      expect(String(services[name]?.command)).toMatch(/dist\/(api|workers)\//);
    }
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'rabbitmq', 'temporal', 'temporal-ui', 'gateway']),
    );
  });

  it('runs Temporal from its server image, the schema set up by admin-tools once, never auto-setup', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.image ?? '']).not.toEqual([name, expect.stringMatching(/auto-setup/)]);
    }
    const serverVersion = /^temporalio\/server:(\d+\.\d+\.\d+)$/.exec(
      services.temporal?.image ?? '',
    )?.[1];
    expect(serverVersion).toBeDefined();
    expect(services['temporal-schema']?.image).toBe(`temporalio/admin-tools:${serverVersion}`);
    expect(services.temporal?.depends_on).toMatchObject({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
  });

  it('runs two replicas of every HTTP service and of the worker, published only by the gateway', () => {
    for (const name of APP_SERVICES) {
      expect([name, services[name]?.deploy?.replicas]).toEqual([name, 2]);
      // A fixed host port cannot be bound twice: replicas publish nothing.
      expect([name, services[name]?.ports ?? []]).toEqual([name, []]);
    }
    const conf = readFileSync(path.join(ROOT, 'infra/docker/gateway.conf'), 'utf8');
    const published = (services.gateway?.ports ?? []).map((entry) =>
      typeof entry === 'string' ? entry.split(':')[0] : String(entry.published),
    );
    const ports = HTTP_SERVICE_NAMES.map((name) => [name, SERVICES[name].port] as const);
    for (const [name, port] of [...ports, ['web', loadConfig({}).web.port] as const]) {
      expect(conf).toContain(`${port} ${name}:${port};`);
      expect(conf).toContain(`listen ${port};`);
      expect(published).toContain(String(port));
    }
  });

  it('gives every long-running service a health check', () => {
    const unchecked = Object.entries(services)
      .filter(([name]) => !['temporal-ui', ...ONE_SHOT].includes(name))
      .filter(([, service]) => !service.healthcheck)
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  it('restarts every long-running service that exits, and the one-shot jobs only on failure', () => {
    const policies = Object.fromEntries(
      Object.entries(services).map(([name, service]) => [name, service.restart]),
    );
    const longRunning = Object.keys(services).filter((name) => !ONE_SHOT.includes(name));
    expect(longRunning).toEqual(
      expect.arrayContaining([...APP_SERVICES, 'postgres', 'rabbitmq', 'temporal', 'gateway']),
    );
    for (const name of longRunning)
      expect([name, policies[name]]).toEqual([name, 'unless-stopped']);
    for (const name of ONE_SHOT) expect([name, policies[name]]).toEqual([name, 'on-failure']);
  });

  it('orders start-up by health and completion, never by sleeping', () => {
    for (const [name, service] of Object.entries(services)) {
      const dependsOn = service.depends_on ?? {};
      expect(Array.isArray(dependsOn)).toBe(false);
      for (const [dependency, { condition }] of Object.entries(dependsOn)) {
        expect([name, dependency, condition]).toEqual([
          name,
          dependency,
          expect.stringMatching(/^service_(healthy|completed_successfully)$/),
        ]);
      }
      expect(String(service.command ?? '')).not.toMatch(/sleep/);
    }
    for (const name of APP_SERVICES) {
      expect(Object.keys(services[name]?.depends_on ?? {})).toEqual(
        expect.arrayContaining(['postgres', 'rabbitmq', 'setup']),
      );
    }
    expect(services.setup?.depends_on).toMatchObject({
      temporal: { condition: 'service_healthy' },
    });
    expect(Object.keys(services.gateway?.depends_on ?? {})).toEqual(
      expect.arrayContaining(APP_SERVICES.filter((name) => name !== 'temporal-worker')),
    );
  });

  it('gives the services an environment the production profile accepts', () => {
    for (const name of [...APP_SERVICES, 'setup']) {
      const env = services[name]?.environment ?? {};
      expect([name, env.NODE_ENV]).toEqual([name, 'production']);
      expect(() => loadConfig(env)).not.toThrow();
    }
    // The setup job seeds the named first administrator, never the public demo users.
    expect(loadConfig(services.setup?.environment ?? {}).auth.bootstrapAdmin).toEqual({
      email: SECRETS.BOOTSTRAP_ADMIN_EMAIL,
      password: SECRETS.BOOTSTRAP_ADMIN_PASSWORD,
    });
  });

  it('points the web app at APIs a browser can reach, not at compose host names', () => {
    const env = services.web?.environment ?? {};
    for (const name of ['AUTH', 'WORKFLOW', 'TICKET', 'MESSAGING', 'NOTIFICATION']) {
      expect(env[`${name}_PUBLIC_URL`]).toMatch(/^http:\/\/localhost:\d+$/);
    }
  });

  it("creates Temporal's and every service's database in the Postgres init script", () => {
    const sql = readFileSync(path.join(ROOT, 'infra/docker/postgres-init.sql'), 'utf8');
    const config = loadConfig({});
    for (const database of [
      ...Object.values(SERVICES).map((service) => service.database),
      config.temporal.database,
      config.temporal.visibilityDatabase,
    ]) {
      expect(sql).toContain(`CREATE DATABASE ${database};`);
    }
  });

  describe('Temporal behind authentication', () => {
    let certs: string;
    /** A container path of a service -> the file make-certs.sh writes for its mount. */
    const hostFile = (name: string, containerPath: string): string => {
      for (const volume of services[name]?.volumes ?? []) {
        const [source = '', target = ''] =
          typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
        if (containerPath.startsWith(`${target}/`)) {
          const folder = path.relative(path.join(ROOT, 'deploy/tls/certs'), source);
          return path.join(certs, folder, containerPath.slice(target.length + 1));
        }
      }
      throw new Error(`${name} mounts nothing at ${containerPath}`);
    };

    beforeAll(async () => {
      certs = mkdtempSync(path.join(tmpdir(), 'compose-certs-'));
      await run('bash', [path.join(ROOT, 'deploy/tls/make-certs.sh'), certs]);
    });

    afterAll(() => rmSync(certs, { recursive: true, force: true }));

    it('requires a client certificate from the platform CA at the frontend, which it does not publish', () => {
      const env = services.temporal?.environment ?? {};
      expect(env.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH).toBe('true');
      for (const key of [
        'TEMPORAL_TLS_SERVER_CERT',
        'TEMPORAL_TLS_SERVER_KEY',
        'TEMPORAL_TLS_FRONTEND_CERT',
        'TEMPORAL_TLS_FRONTEND_KEY',
        'TEMPORAL_TLS_CLIENT1_CA_CERT',
        'TEMPORAL_TLS_SERVER_CA_CERT',
      ]) {
        expect([key, existsSync(hostFile('temporal', env[key] ?? '-'))]).toEqual([key, true]);
      }
      expect(services.temporal?.ports ?? []).toEqual([]);
    });

    it("gives every service, worker and the setup job the platform's client certificate", () => {
      for (const name of [...APP_SERVICES, 'setup']) {
        const tls = loadConfig(services[name]?.environment ?? {}).temporal.tls;
        expect([name, tls?.serverName]).toEqual([name, 'temporal']);
        for (const file of [tls?.clientCertPath, tls?.clientKeyPath, tls?.serverCaCertPath]) {
          expect([name, file, existsSync(hostFile(name, file ?? '-'))]).toEqual([name, file, true]);
        }
      }
    });

    it('keeps the certificates and the CA key out of every Docker build context', () => {
      const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
      expect(ignored).toEqual(expect.arrayContaining(['deploy/tls/certs', '.env']));
    });

    it('signs operators into the Web UI with OIDC, and the UI reaches the frontend with its own certificate', () => {
      const env = services['temporal-ui']?.environment ?? {};
      expect(env).toMatchObject({
        TEMPORAL_AUTH_ENABLED: 'true',
        TEMPORAL_AUTH_TYPE: 'oidc',
        TEMPORAL_AUTH_PROVIDER_URL: SECRETS.TEMPORAL_UI_OIDC_ISSUER_URL,
        TEMPORAL_AUTH_CLIENT_ID: SECRETS.TEMPORAL_UI_OIDC_CLIENT_ID,
        TEMPORAL_AUTH_CALLBACK_URL: 'http://localhost:8233/auth/sso/callback',
        TEMPORAL_TLS_SERVER_NAME: 'temporal',
        TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
      });
      expect(env.TEMPORAL_AUTH_SCOPES?.split(',')).toContain('openid');
      for (const key of ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']) {
        expect([key, existsSync(hostFile('temporal-ui', env[key] ?? '-'))]).toEqual([key, true]);
      }
    });
  });
});
