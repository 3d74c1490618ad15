import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';

export interface SearchAttributeSync {
  /** The values may have changed. */
  changed(): void;
  /** Upserts what changed since the last upsert; call before the workflow waits. */
  flush(): void;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * Keeps the ticket's search attributes current. Batched: one upsert per wait, carrying only the
 * keys whose values changed. Legacy (runs started before batching): every change upserts every key
 * at once, as those runs' histories recorded it.
 */
export function searchAttributeSync(
  read: () => SearchAttributeUpdatePair[],
  batched: boolean,
): SearchAttributeSync {
  if (!batched) return { changed: () => upsertSearchAttributes(read()), flush: () => undefined };
  const last = new Map<string, unknown>();
  let dirty = false;
  return {
    changed: () => {
      dirty = true;
    },
    flush: () => {
      if (!dirty) return;
      dirty = false;
      const updates = read().filter(
        (pair) => !last.has(pair.key.name) || !sameValue(last.get(pair.key.name), pair.value),
      );
      if (updates.length === 0) return;
      for (const pair of updates) last.set(pair.key.name, pair.value);
      upsertSearchAttributes(updates);
    },
  };
}
