import type { DefinitionStore } from './definitionStore';

export interface CatalogEntry {
  department: string;
  category: string;
  name: string;
  description: string;
}

/**
 * What a ticket can be filed under: the department and category of every deployed definition
 * (the intake form's choices), without the definitions' internals.
 */
export async function intakeCatalog(store: DefinitionStore): Promise<CatalogEntry[]> {
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
  return [...entries.values()].sort(
    (a, b) =>
      a.department.localeCompare(b.department, 'en') || a.category.localeCompare(b.category, 'en'),
  );
}
