import type { Client } from '@temporalio/client';
import { createWorkflowApp } from '../../api/workflow/app';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import type { Broker } from '../../infra/amqp/broker';
import { createKnex } from '../../infra/db/knex';
import {
  connectTestBroker,
  connectTestClient,
  createTestDatabase,
  deleteTestTopology,
  silentLogger,
  testConfig,
  type TestDatabase,
} from '../support/platform';
import { createTestIdentity } from '../support/tokens';

const config = testConfig();

describe('health and error contract of an HTTP service', () => {
  let database: TestDatabase;
  let broker: Broker;
  let temporal: Client;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase(config, 'workflow');
    broker = await connectTestBroker(config);
    temporal = await connectTestClient(config);
    const { verifier } = await createTestIdentity();
    const app = createWorkflowApp({
      logger: silentLogger,
      db: database.db,
      broker,
      temporal,
      verifier,
    });
    server = await startHttpServer(app, 0);
  });

  afterAll(async () => {
    await server.stop();
    await temporal.connection.close();
    await database.drop();
  });

  it.each(['/health', '/api/v1/health/'])(
    '%s reports name, version and every dependency up',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'healthy',
        service: 'workflow',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
        checks: { database: 'up', broker: 'up', temporal: 'up' },
      });
    },
  );

  it('answers an unknown route with a JSON 404 naming the path', async () => {
    const response = await fetch(`${server.url}/api/v1/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /api/v1/nope', field: 'path' },
    });
  });

  it('answers malformed JSON with a 400 naming the body', async () => {
    const response = await fetch(`${server.url}/api/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"subject": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_json', field: 'body' } });
  });

  it('answers 503 database_busy with Retry-After when no connection is free in time', async () => {
    const busyDb = createKnex(config.postgres, database.name, 1, 200);
    const held = await busyDb.transaction();
    const identity = await createTestIdentity();
    const busy = await startHttpServer(
      createWorkflowApp({
        logger: silentLogger,
        db: busyDb,
        broker,
        temporal,
        verifier: identity.verifier,
      }),
      0,
    );
    try {
      const response = await fetch(`${busy.url}/api/v1/workflows`, {
        headers: {
          authorization: `Bearer ${await identity.userToken({ id: '1', roles: { tts: ['admin'] } })}`,
        },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({ error: { code: 'database_busy' } });
    } finally {
      await held.rollback();
      await busy.stop();
      await busyDb.destroy();
    }
  });

  it('turns 503 and names the dependency that is down', async () => {
    await deleteTestTopology(broker);
    await broker.close();
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'unhealthy',
      checks: { database: 'up', broker: 'down', temporal: 'up' },
    });
  });
});
