import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { RouteDoc } from './openapi';
import { parseInput } from './validate';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route's handler receives: its input, parsed with the schemas the document shows. */
export interface RouteInput<P, Q, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  req: Request;
  res: Response;
}

/** An answer with a status other than the route's `ok` (200 for a replay of a 201, say). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export const reply = (status: number, body?: unknown): Reply => new Reply(status, body);

/**
 * One route: its contract (the OpenAPI entry) and its handler. The handler returns the JSON body
 * sent with `ok` (nothing: an empty `ok`), a `reply(...)`, or answers through `res` itself
 * (downloads, cookies before the body are fine: a sent answer is left alone).
 */
export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema> extends Omit<
  RouteDoc,
  'params' | 'query' | 'body'
> {
  params?: P;
  query?: Q;
  body?: B;
  /** Runs before the input is parsed: a guard of this route only, a multipart parser. */
  before?: RequestHandler[];
  handle: (input: RouteInput<P, Q, B>) => unknown;
}

/** A route ready for a table: its document and how it mounts. */
export interface Route {
  doc: RouteDoc;
  mount(router: Router, guards: RequestHandler[]): void;
}

type Schema = z.ZodType | undefined;

const parsed = <S extends Schema>(
  schema: S | undefined,
  input: unknown,
  where: 'params' | 'query' | 'body',
): Parsed<S> => (schema === undefined ? undefined : parseInput(schema, input, where)) as Parsed<S>;

function send(res: Response, ok: number, result: unknown): void {
  if (res.headersSent) return;
  const { status, body } = result instanceof Reply ? result : { status: ok, body: result };
  if (body === undefined) res.status(status).end();
  else res.status(status).json(body);
}

export function route<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(spec: RouteSpec<P, Q, B>): Route {
  const { before = [], handle, ...doc } = spec;
  const handler: RequestHandler = async (req, res) => {
    const params = parsed(spec.params, req.params, 'params');
    const query = parsed(spec.query, req.query, 'query');
    const body = parsed(spec.body, req.body ?? {}, 'body');
    send(res, spec.ok, await handle({ params, query, body, req, res }));
  };
  return {
    doc,
    mount: (router, guards) => router[spec.method](spec.path, ...guards, ...before, handler),
  };
}

/** One router's routes: the Express router and the OpenAPI entries, from one list. */
export interface RouteTable {
  router: Router;
  docs: RouteDoc[];
}

/** `guards` run first on every route of the table (a service scope its routes all require). */
export function routeTable(routes: Route[], guards: RequestHandler[] = []): RouteTable {
  const router = Router();
  for (const entry of routes) entry.mount(router, guards);
  return { router, docs: routes.map((entry) => entry.doc) };
}
