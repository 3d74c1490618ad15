import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import type { DefinitionStore } from './store';

export interface CatalogEntry {
  department: string;
  category: string;
  name: string;
  description: string;
}

/**
 * What a ticket can be filed under: the department and category of every deployed definition,
 * for any signed-in user (the intake form's choices), without the definitions' internals.
 */
export function catalogRoutes(store: DefinitionStore): Router {
  const router = Router();
  router.get('/api/v1/catalog', async (_req, res) => {
    const deployed = await store.list({ status: 'deployed', latestOnly: false });
    const entries = new Map<string, CatalogEntry>();
    for (const { spec } of deployed) {
      entries.set(`${spec.department}\u0000${spec.category}`, {
        department: spec.department,
        category: spec.category,
        name: spec.name,
        description: spec.description,
      });
    }
    res.json({
      items: [...entries.values()].sort(
        (a, b) =>
          a.department.localeCompare(b.department, 'en') ||
          a.category.localeCompare(b.category, 'en'),
      ),
    });
  });
  return router;
}

export const catalogRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/catalog',
    summary: 'Departments and categories a ticket can be filed under (deployed definitions)',
    access: 'user',
    ok: 200,
  },
];
