import { Router } from 'express';
import { createHttpApp } from '../../api/shared/http/app';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import type { Broker } from '../../infra/amqp/broker';
import { loadConfig } from '../../infra/config/config';
import { queueName } from '../../infra/amqp/topology';
import { registerQueueMetrics } from '../../infra/metrics/brokerMetrics';
import { Metrics } from '../../infra/metrics/metrics';
import {
  connectTestBroker,
  createTestDatabase,
  deleteTestTopology,
  silentLogger,
  testConfig,
} from '../support/platform';
import { PRODUCTION_ENV } from '../support/environments';

const config = testConfig();

describe('metrics and request ids of every HTTP service', () => {
  let broker: Broker;
  let server: RunningServer;

  beforeAll(async () => {
    broker = await connectTestBroker(config);
    const metrics = new Metrics('sample');
    registerQueueMetrics(metrics, broker, [queueName(broker.prefix, 'notification')]);
    const things = Router();
    things.get('/things/:id', (req, res) => {
      res.json({ id: req.params.id, requestId: req.requestId });
    });
    server = await startHttpServer(
      createHttpApp({
        service: 'sample',
        logger: silentLogger,
        checks: {},
        routers: [things],
        metrics,
      }),
      0,
    );
  });

  afterAll(async () => {
    await server.stop();
    await deleteTestTopology(broker);
    await broker.close();
  });

  it('answers /metrics only to the bearer of the metrics token where one is configured', async () => {
    const production = loadConfig(PRODUCTION_ENV);
    const token = PRODUCTION_ENV.METRICS_TOKEN;
    const guarded = await startHttpServer(
      createHttpApp({
        service: 'guarded',
        logger: silentLogger,
        checks: {},
        metricsToken: production.metricsToken,
      }),
      0,
    );
    try {
      const scrape = (authorization?: string) =>
        fetch(`${guarded.url}/metrics`, authorization ? { headers: { authorization } } : {});
      const anonymous = await scrape();
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await anonymous.text()).not.toContain('process_resident_memory_bytes');
      expect((await scrape(`Bearer ${token}x`)).status).toBe(401);
      expect((await scrape(`Basic ${token}`)).status).toBe(401);
      const bearer = await scrape(`Bearer ${token}`);
      expect(bearer.status).toBe(200);
      expect(await bearer.text()).toContain('process_resident_memory_bytes{service="guarded"}');
      expect((await fetch(`${guarded.url}/health`)).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });

  it('counts grouped rows into a labelled gauge at scrape time', async () => {
    const database = await createTestDatabase(config, 'notification');
    try {
      const rows = [
        ['m1', 'email', 'sent'],
        ['m2', 'email', 'sent'],
        ['m3', 'email', 'skipped'],
        ['m1', 'inapp', 'sent'],
      ].map(([id, channel, status]) => ({ message_id: id, channel, status, type: 'assignment' }));
      await database.db('deliveries').insert(rows);
      const metrics = new Metrics('counts');
      metrics.countsGauge('deliveries', 'by channel and status', ['channel', 'status'], () =>
        database
          .db('deliveries')
          .groupBy('channel', 'status')
          .select<{ channel: string; status: string; count: string }[]>(
            'channel',
            'status',
            database.db.raw('count(*) as count'),
          ),
      );
      const text = await metrics.registry.getSingleMetricAsString('deliveries');
      expect(text).toContain('deliveries{channel="email",status="sent",service="counts"} 2');
      expect(text).toContain('deliveries{channel="email",status="skipped",service="counts"} 1');
      expect(text).toContain('deliveries{channel="inapp",status="sent",service="counts"} 1');
    } finally {
      await database.drop();
    }
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await fetch(`${server.url}/things/1`, { headers: { 'x-request-id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    expect(await given.json()).toMatchObject({ requestId: 'req-42' });
    const bad = await fetch(`${server.url}/things/1`, {
      headers: { 'x-request-id': 'x'.repeat(300) },
    });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves latency histograms and error counts by route pattern, and queue depths', async () => {
    for (const id of ['a', 'b', 'c']) await fetch(`${server.url}/things/${id}`);
    await fetch(`${server.url}/nowhere`);
    for (let i = 0; i < 3; i += 1) {
      await broker.sendToQueue(
        queueName(broker.prefix, 'notification'),
        { i },
        { messageId: `m${i}` },
      );
    }
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{service="sample",method="GET",route="\/things\/:id",status="200"\} [3-9]/,
    );
    const line = (name: string, ...labels: string[]) =>
      text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
    expect(line('http_request_errors_total', 'route="unmatched"', 'status="404"')).toMatch(/ 1$/);
    expect(
      line('rabbitmq_queue_messages', `queue="${queueName(broker.prefix, 'notification')}"`),
    ).toMatch(/ 3$/);
    expect(text).toContain('process_resident_memory_bytes');
  });
});
