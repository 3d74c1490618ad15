/** Round-robin over a role's candidates in a stable order: the one after the last assigned. */
export interface Candidate {
  id: string;
}

const byId = (a: Candidate, b: Candidate): number =>
  a.id.localeCompare(b.id, 'en', { numeric: true });

export function nextRoundRobin<T extends Candidate>(
  candidates: T[],
  lastUserId: string | null,
): T | null {
  const ordered = [...candidates].sort(byId);
  if (ordered.length === 0) return null;
  if (lastUserId === null) return ordered[0] ?? null;
  return ordered.find((candidate) => byId(candidate, { id: lastUserId }) > 0) ?? ordered[0] ?? null;
}
