import { createProbeActivities, type ProbeActivityDeps } from './probe';

export type ActivityDeps = ProbeActivityDeps;

/** Every activity the ticket worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createProbeActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
