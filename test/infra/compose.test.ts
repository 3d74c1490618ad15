import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { SERVICES } from '../../infra/config/services';
import { ROOT } from '../../infra/temporal/processes';

const run = promisify(execFile);

interface ComposeService {
  command?: string[] | string;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }> | string[];
  build?: { target?: string };
  environment?: Record<string, string>;
  restart?: string;
}

const APP_SERVICES = [
  'auth',
  'workflow',
  'ticket',
  'messaging',
  'notification',
  'temporal-worker',
  'web',
];

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(async () => {
    await run('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT });
    const { stdout } = await run('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      cwd: ROOT,
    });
    services = (parse(stdout) as { services: Record<string, ComposeService> }).services;
  });

  it('runs every service and worker of the platform from the one Dockerfile', () => {
    for (const name of APP_SERVICES) {
      expect(services[name]?.build?.target).toBe('runtime');
      expect(String(services[name]?.command)).toMatch(/dist\/(api|workers|infra\/web)\//);
    }
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'rabbitmq', 'temporal', 'temporal-ui', 'setup']),
    );
  });

  it('points the web app at APIs a browser can reach, not at compose host names', () => {
    const env = services.web?.environment ?? {};
    for (const name of ['AUTH', 'WORKFLOW', 'TICKET', 'MESSAGING', 'NOTIFICATION']) {
      expect(env[`${name}_PUBLIC_URL`]).toMatch(/^http:\/\/localhost:\d+$/);
    }
  });

  it('gives every long-running service a health check', () => {
    const unchecked = Object.entries(services)
      .filter(([name]) => !['temporal-ui', 'setup'].includes(name))
      .filter(([, service]) => !service.healthcheck)
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  it('restarts every long-running service that exits, and the one-shot setup only on failure', () => {
    const policies = Object.fromEntries(
      Object.entries(services).map(([name, service]) => [name, service.restart]),
    );
    const longRunning = Object.keys(services).filter((name) => name !== 'setup');
    expect(longRunning).toEqual(expect.arrayContaining([...APP_SERVICES, 'postgres', 'temporal']));
    for (const name of longRunning)
      expect([name, policies[name]]).toEqual([name, 'unless-stopped']);
    expect(policies.setup).toBe('on-failure');
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
    expect(Object.keys(services.ticket?.depends_on ?? {})).toEqual(
      expect.arrayContaining(['postgres', 'rabbitmq', 'temporal', 'setup']),
    );
  });

  it('creates every service database in the Postgres init script', () => {
    const sql = readFileSync(path.join(ROOT, 'infra/docker/postgres-init.sql'), 'utf8');
    for (const { database } of Object.values(SERVICES)) {
      expect(sql).toContain(`CREATE DATABASE ${database};`);
    }
  });
});
