import { Graph, layout } from '@dagrejs/dagre';
import { transitionLabel } from '../../../../domain/definitions';
import type { DefinitionSpec } from '../../api/types';
import { elementOf, takenKey } from './graphMarks';

/** What a graph is drawn from: a definition's steps, start and named transitions. */
export type WorkflowShape = Pick<DefinitionSpec, 'startStep' | 'steps' | 'transitions'>;

/** How a step or transition stands for the viewer: where a ticket is and has been, or a problem. */
export type ElementState = 'current' | 'visited' | 'taken' | 'plain';

export interface StepBox {
  id: string;
  index: number;
  x: number;
  y: number;
  start: boolean;
  state: ElementState;
  problems: string[];
}

export interface TransitionLine {
  id: string;
  index: number;
  source: string;
  target: string;
  label: string;
  state: ElementState;
  problems: string[];
}

export interface GraphLayout {
  steps: StepBox[];
  /** The end of the workflow, drawn as its own node (where `to: null` transitions lead). */
  end: { id: string; x: number; y: number };
  transitions: TransitionLine[];
}

/** Marks on the drawing: problems by element (server field paths) and the ticket's position. */
export interface GraphMarks {
  /** Validation problems keyed by `steps.N…` or `transitions.N…` (the server's field paths). */
  problems?: Record<string, string>;
  currentStep?: string | null;
  visitedSteps?: ReadonlySet<string>;
  /** Transitions taken, as `from/action`. */
  takenTransitions?: ReadonlySet<string>;
}

interface Box {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

export const STEP_WIDTH = 220;
export const STEP_HEIGHT = 96;
export const END_ID = 'end';
export const stepId = (index: number): string => `step-${index}`;
export const transitionId = (index: number): string => `transition-${index}`;

/** The problems the server named for each step and transition, as "field: message" lines. */
function problemsByElement(problems: Record<string, string>): Map<string, string[]> {
  const byElement = new Map<string, string[]>();
  for (const [path, message] of Object.entries(problems)) {
    const element = elementOf(path);
    if (!element) continue;
    const id = element.kind === 'steps' ? stepId(element.index) : transitionId(element.index);
    const line = element.field ? `${element.field}: ${message}` : message;
    byElement.set(id, [...(byElement.get(id) ?? []), line]);
  }
  return byElement;
}

/**
 * Lays a definition out top to bottom (dagre): one box per step, an end node, one line per
 * transition whose steps exist (a transition naming a missing step has no line; its problem shows
 * in the list beside the graph). Steps are named by position, so a blank or repeated key still
 * draws.
 */
export function layoutWorkflow(shape: WorkflowShape, marks: GraphMarks = {}): GraphLayout {
  const problems = problemsByElement(marks.problems ?? {});
  const indexOfKey = new Map<string, number>();
  shape.steps.forEach((step, i) => {
    if (!indexOfKey.has(step.key)) indexOfKey.set(step.key, i);
  });
  const graph = new Graph<object, Box, object>({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 80, edgesep: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  shape.steps.forEach((_, i) =>
    graph.setNode(stepId(i), { width: STEP_WIDTH, height: STEP_HEIGHT }),
  );
  graph.setNode(END_ID, { width: 80, height: 40 });

  const transitions: TransitionLine[] = [];
  shape.transitions.forEach((transition, i) => {
    const from = indexOfKey.get(transition.from);
    const to = transition.to === null ? END_ID : indexOfKey.get(transition.to);
    if (from === undefined || to === undefined) return;
    const source = stepId(from);
    const target = typeof to === 'number' ? stepId(to) : to;
    const id = transitionId(i);
    if (source !== target) graph.setEdge(source, target, { width: 90, height: 20 }, id);
    transitions.push({
      id,
      index: i,
      source,
      target,
      label: transitionLabel(transition),
      state: marks.takenTransitions?.has(takenKey(transition.from, transition.action))
        ? 'taken'
        : 'plain',
      problems: problems.get(id) ?? [],
    });
  });
  layout(graph);

  const topLeft = (id: string, width: number, height: number) => {
    const { x = 0, y = 0 } = graph.node(id);
    return { x: x - width / 2, y: y - height / 2 };
  };
  return {
    steps: shape.steps.map((step, i) => ({
      id: stepId(i),
      index: i,
      ...topLeft(stepId(i), STEP_WIDTH, STEP_HEIGHT),
      start: step.key === shape.startStep,
      state:
        marks.currentStep === step.key
          ? 'current'
          : marks.visitedSteps?.has(step.key)
            ? 'visited'
            : 'plain',
      problems: problems.get(stepId(i)) ?? [],
    })),
    end: { id: END_ID, ...topLeft(END_ID, 80, 40) },
    transitions,
  };
}
