import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import { z } from 'zod';
import { definitionSpecSchema, type DefinitionSpec } from '../../../domain/definitionSchema';
import { userOf } from '../../shared/auth/middleware';
import { int4Id } from '../../shared/http/params';
import { parseInput } from '../../shared/http/validate';
import type { LifecycleClient } from '../../shared/lifecycleClient';
import { seedDefinitions } from './seedDefinitions';
import type { DefinitionRecord, DefinitionStore } from './store';

const keySchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'not a definition key'),
});
const versionSchema = keySchema.extend({ version: int4Id('a version') });
const createSchema = z.object({
  key: keySchema.shape.key,
  spec: definitionSpecSchema,
  deploy: z.boolean().default(false),
});
const versionBodySchema = z.object({
  spec: definitionSpecSchema,
  deploy: z.boolean().default(false),
});
const listSchema = z.object({
  status: z.enum(['draft', 'deployed', 'paused', 'superseded']).optional(),
  latest: z.enum(['true', 'false']).default('true'),
});

/** Admin CRUD of versioned workflow definitions (mounted behind the admin role). */
export function definitionRoutes(store: DefinitionStore, lifecycles: LifecycleClient): Router {
  const router = Router();
  /** Writes a version; a deployed one may route tickets that were waiting unrouted. */
  const write = async (
    key: string,
    body: { spec: DefinitionSpec; deploy: boolean },
    createdBy: string,
    mustBeNew: boolean,
  ): Promise<DefinitionRecord> => {
    const record = await store.write(key, body.spec, { deploy: body.deploy, createdBy, mustBeNew });
    if (record.status === 'deployed') {
      await lifecycles.rerouteUnrouted(`deploy:${record.key}:${record.version}`);
    }
    return record;
  };

  router.get('/api/v1/workflows', async (req, res) => {
    const query = parseInput(listSchema, req.query, 'query');
    res.json({
      items: await store.list({ status: query.status, latestOnly: query.latest === 'true' }),
    });
  });

  router.post('/api/v1/workflows', async (req, res) => {
    const body = parseInput(createSchema, req.body, 'body');
    res.status(201).json(await write(body.key, body, userOf(req).userId, true));
  });

  router.post('/api/v1/workflows/seed', async (_req, res) => {
    const written = await seedDefinitions(store);
    if (written.length > 0) await lifecycles.rerouteUnrouted(`seed:${written.join(',')}`);
    res.json({ written });
  });

  router.get('/api/v1/workflows/:key', async (req, res) => {
    const { key } = parseInput(keySchema, req.params, 'params');
    res.json(await store.get(key));
  });

  router.put('/api/v1/workflows/:key', async (req, res) => {
    const { key } = parseInput(keySchema, req.params, 'params');
    const body = parseInput(versionBodySchema, req.body, 'body');
    res.status(201).json(await write(key, body, userOf(req).userId, false));
  });

  router.get('/api/v1/workflows/:key/versions/:version', async (req, res) => {
    const { key, version } = parseInput(versionSchema, req.params, 'params');
    res.json(await store.get(key, version));
  });

  router.post('/api/v1/workflows/:key/versions/:version/deploy', async (req, res) => {
    const { key, version } = parseInput(versionSchema, req.params, 'params');
    const record = await store.deploy(key, version);
    await lifecycles.rerouteUnrouted(`deploy:${key}:${version}`);
    res.json(record);
  });

  router.post('/api/v1/workflows/:key/versions/:version/pause', async (req, res) => {
    const { key, version } = parseInput(versionSchema, req.params, 'params');
    res.json(await store.pause(key, version));
  });

  return router;
}

export const definitionRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/workflows',
    summary: 'Workflow definitions',
    access: 'admin',
    query: listSchema,
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/workflows',
    summary: 'Create a definition (validated graph)',
    access: 'admin',
    body: createSchema,
    ok: 201,
    errors: [409],
  },
  {
    method: 'post',
    path: '/api/v1/workflows/seed',
    summary: 'Load the default definitions',
    access: 'admin',
    ok: 200,
  },
  {
    method: 'get',
    path: '/api/v1/workflows/:key',
    summary: 'A definition with its versions',
    access: 'admin',
    params: keySchema,
    ok: 200,
    errors: [404],
  },
  {
    method: 'put',
    path: '/api/v1/workflows/:key',
    summary: 'Save a new version',
    access: 'admin',
    params: keySchema,
    body: versionBodySchema,
    ok: 201,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/workflows/:key/versions/:version',
    summary: 'One version',
    access: 'admin',
    params: versionSchema,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/workflows/:key/versions/:version/deploy',
    summary: 'Deploy a version (new tickets use it)',
    access: 'admin',
    params: versionSchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/workflows/:key/versions/:version/pause',
    summary: 'Pause a deployed version',
    access: 'admin',
    params: versionSchema,
    ok: 200,
    errors: [404, 409],
  },
];
