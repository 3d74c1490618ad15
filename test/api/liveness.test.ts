import express from 'express';
import { healthRouter } from '../../api/shared/http/health';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';

describe('liveness and readiness of an HTTP service', () => {
  let server: RunningServer;
  let checked = 0;

  beforeAll(async () => {
    const app = express().use(
      healthRouter(
        { service: 'probe', version: '1.2.3' },
        {
          database: () => {
            checked += 1;
            return Promise.reject(new Error('connection refused'));
          },
        },
      ),
    );
    server = await startHttpServer(app, 0);
  });

  afterAll(() => server.stop());

  it('is not ready while a dependency is down (the instance leaves the rotation)', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ checks: { database: 'down' } });
  });

  it('stays alive without asking any dependency (no restart storm in an outage)', async () => {
    const before = checked;
    const response = await fetch(`${server.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'alive', service: 'probe', version: '1.2.3' });
    expect(checked).toBe(before);
  });
});
