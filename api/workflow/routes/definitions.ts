import type { RequestHandler } from 'express';
import { z } from 'zod';
import { definitionSpecSchema } from '../../../domain/definitionSchema';
import { userOf } from '../../shared/auth/middleware';
import { int4Id } from '../../shared/http/params';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import type { DefinitionPublisher } from '../definitionPublisher';
import type { DefinitionStore } from '../definitionStore';

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

/** Admin CRUD of versioned workflow definitions; `guards` admit admins only. */
export function definitionRoutes(
  store: DefinitionStore,
  publisher: DefinitionPublisher,
  guards: RequestHandler[],
): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/workflows',
        summary: 'Workflow definitions',
        access: 'admin',
        query: listSchema,
        ok: 200,
        handle: async ({ query }) => ({
          items: await store.list({ status: query.status, latestOnly: query.latest === 'true' }),
        }),
      }),
      route({
        method: 'post',
        path: '/api/v1/workflows',
        summary: 'Create a definition (validated graph)',
        access: 'admin',
        body: createSchema,
        ok: 201,
        errors: [409],
        handle: ({ body, req }) => publisher.write(body.key, body, userOf(req).userId, true),
      }),
      route({
        method: 'post',
        path: '/api/v1/workflows/seed',
        summary: 'Load the default definitions',
        access: 'admin',
        ok: 200,
        handle: async () => ({ written: await publisher.seed() }),
      }),
      route({
        method: 'get',
        path: '/api/v1/workflows/:key',
        summary: 'A definition with its versions',
        access: 'admin',
        params: keySchema,
        ok: 200,
        errors: [404],
        handle: ({ params }) => store.get(params.key),
      }),
      route({
        method: 'put',
        path: '/api/v1/workflows/:key',
        summary: 'Save a new version',
        access: 'admin',
        params: keySchema,
        body: versionBodySchema,
        ok: 201,
        errors: [404, 409],
        handle: ({ params, body, req }) =>
          publisher.write(params.key, body, userOf(req).userId, false),
      }),
      route({
        method: 'get',
        path: '/api/v1/workflows/:key/versions/:version',
        summary: 'One version',
        access: 'admin',
        params: versionSchema,
        ok: 200,
        errors: [404],
        handle: ({ params }) => store.get(params.key, params.version),
      }),
      route({
        method: 'post',
        path: '/api/v1/workflows/:key/versions/:version/deploy',
        summary: 'Deploy a version (new tickets use it)',
        access: 'admin',
        params: versionSchema,
        ok: 200,
        errors: [404, 409],
        handle: ({ params }) => publisher.deploy(params.key, params.version),
      }),
      route({
        method: 'post',
        path: '/api/v1/workflows/:key/versions/:version/pause',
        summary: 'Pause a deployed version',
        access: 'admin',
        params: versionSchema,
        ok: 200,
        errors: [404, 409],
        handle: ({ params }) => store.pause(params.key, params.version),
      }),
    ],
    guards,
  );
}
