import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';

/** Who may call a route: anyone, any signed-in user, staff, admins, or services with a scope. */
export type Access = 'public' | 'user' | 'staff' | 'admin' | 'service';

/**
 * One route's contract, declared beside the route with the very zod schemas its handler parses:
 * the OpenAPI document is generated from these, and a test holds routes and documents together.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Multipart bodies (attachments) are accepted besides JSON. */
  multipart?: boolean;
  /** The success status. */
  ok: number;
  /** Route-specific failures (404, 409...); the common ones are added. */
  errors?: number[];
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Malformed request (invalid JSON, bad cursor)',
  401: 'Missing or invalid token',
  403: 'Not allowed for this caller',
  404: 'Not found (or not visible to this caller)',
  409: 'Conflict with the current state',
  413: 'Body or attachment too large',
  422: 'Invalid input; error.field names it',
  429: 'Too many attempts; Retry-After says when',
  503: 'A dependency is down; retry',
};

/** Every status a route may answer: its own, plus what every route of its kind may answer. */
function statusesOf(doc: RouteDoc): number[] {
  const statuses = new Set([doc.ok, ...(doc.errors ?? []), 400, 413, 503]);
  if (doc.params || doc.query || doc.body) statuses.add(422);
  if (doc.access !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  return [...statuses].sort((a, b) => a - b);
}

const schemaOf = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = schemaOf(schema) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** OpenAPI 3.1 document of one service. */
export function openApiDocument(service: string, version: string, docs: RouteDoc[]): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const path = doc.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const body = doc.body ? { schema: schemaOf(doc.body) } : undefined;
    (paths[path] ??= {})[doc.method] = {
      summary: doc.summary,
      'x-access': doc.access,
      ...(doc.access === 'public' ? {} : { security: [{ bearer: [] }] }),
      parameters: [...parametersOf(doc.params, 'path'), ...parametersOf(doc.query, 'query')],
      ...(body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': body,
                ...(doc.multipart ? { 'multipart/form-data': body } : {}),
              },
            },
          }
        : {}),
      responses: Object.fromEntries(
        statusesOf(doc).map((status) => [
          String(status),
          { description: STATUS_TEXT[status] ?? String(status) },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `Helpdesk ${service} API`, version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}

/** GET /api/docs.json (the document) and /api/docs (Swagger UI, served from the package). */
export function docsRouter(document: object): Router {
  const router = Router();
  router.get('/api/docs.json', (_req, res) => {
    res.json(document);
  });
  router.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document));
  return router;
}
