/**
 * Naming the elements of a workflow graph, apart from its layout (so pages can mark problems and
 * paths without loading the graph library).
 */

/** A transition a ticket took, as `from/action`. */
export const takenKey = (from: string, action: string): string => `${from}/${action}`;

/** Which element a server field path is about: `steps.2.role` → step 2, field `role`. */
export function elementOf(
  path: string,
): { kind: 'steps' | 'transitions'; index: number; field: string } | null {
  const match = /^(steps|transitions)\.(\d+)(?:\.(.+))?$/.exec(path);
  if (!match) return null;
  return {
    kind: match[1] as 'steps' | 'transitions',
    index: Number(match[2]),
    field: match[3] ?? '',
  };
}
