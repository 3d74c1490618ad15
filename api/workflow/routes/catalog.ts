import type { RequestHandler } from 'express';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { intakeCatalog } from '../catalog';
import type { DefinitionStore } from '../definitionStore';

/** The intake catalog, for any signed-in user. */
export function catalogRoutes(store: DefinitionStore, signedIn: RequestHandler): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/catalog',
        summary: 'Departments and categories a ticket can be filed under (deployed definitions)',
        access: 'user',
        ok: 200,
        handle: async () => ({ items: await intakeCatalog(store) }),
      }),
    ],
    [signedIn],
  );
}
