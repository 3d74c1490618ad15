import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import { loadConfig } from '../../infra/config/config';
import { createWebApp } from '../../api/web/app';
import { webRuntimeConfig } from '../../api/web/runtimeConfig';
import { silentLogger } from '../support/platform';

describe('web app server', () => {
  const distDir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  const runtime = webRuntimeConfig(
    loadConfig({ AUTH_PUBLIC_URL: 'https://helpdesk.example/auth', TEMPORAL_UI_URL: 'http://ui' }),
  );
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(path.join(distDir, 'assets'));
    writeFileSync(path.join(distDir, 'index.html'), '<div id="root"></div>');
    writeFileSync(path.join(distDir, 'assets/app-1234.js'), 'console.log(1)');
    server = await startHttpServer(createWebApp({ distDir, runtime, logger: silentLogger }), 0);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(distDir, { recursive: true, force: true });
  });

  it('tells the browser where each API is: the public URL when one is set', async () => {
    const response = await fetch(`${server.url}/config.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as typeof runtime;
    expect(body.services.auth).toBe('https://helpdesk.example/auth');
    expect(body.services.ticket).toBe('http://127.0.0.1:8004');
    expect(body.temporal).toEqual({ uiUrl: 'http://ui', namespace: 'default' });
  });

  it.each(['/', '/tickets', '/tickets/TX-20261125-000001', '/admin/workflows/it-support'])(
    'answers the app route %s with index.html (bookmarkable URLs)',
    async (route) => {
      const response = await fetch(`${server.url}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('id="root"');
    },
  );

  it('serves hashed assets for a year and a missing one as a JSON 404, not as the app', async () => {
    const asset = await fetch(`${server.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${server.url}/assets/app-9999.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('sends a strict Content-Security-Policy naming the configured APIs, and no framing', async () => {
    const response = await fetch(`${server.url}/tickets`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(
      /connect-src 'self' [^;]*https:\/\/helpdesk\.example[^;]*wss:\/\/helpdesk\.example/,
    );
    expect(csp).toContain('http://127.0.0.1:8004');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('refuses to start without a build', () => {
    expect(() =>
      createWebApp({ distDir: path.join(distDir, 'nowhere'), runtime, logger: silentLogger }),
    ).toThrow(/no web build/);
  });
});
