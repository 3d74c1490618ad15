import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { StepSpec } from '../../api/types';
import {
  END_ID,
  layoutWorkflow,
  STEP_HEIGHT,
  STEP_WIDTH,
  type ElementState,
  type GraphMarks,
  type StepBox,
  type WorkflowShape,
} from './graphModel';

/** The element an editor has selected: a step or a transition, by position in the definition. */
export type GraphSelection = { kind: 'step' | 'transition'; index: number } | null;

type StepNodeData = { step: StepSpec; box: StepBox; selected: boolean };
type StepNode = Node<StepNodeData, 'step'>;
type EndNode = Node<Record<string, never>, 'end'>;

const percent = (weight: number): string => `${Math.round(weight * 1000) / 10} %`;

export function describeStep(step: StepSpec, box: Pick<StepBox, 'start' | 'state'>): string {
  return [
    `Step ${step.name || step.key || '(unnamed)'}`,
    box.start ? 'start step' : '',
    box.state === 'current' ? 'current step' : box.state === 'visited' ? 'visited' : '',
    `role ${step.role || 'none'}`,
    `${percent(step.weight)} of the SLA`,
    step.escalateTo ? `escalates to ${step.escalateTo}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function StepNodeView({ data }: NodeProps<StepNode>) {
  const { step, box } = data;
  const problem = box.problems.length > 0;
  return (
    <div
      className={`graph-step state-${box.state}${problem ? ' has-problem' : ''}${data.selected ? ' selected' : ''}`}
      style={{ width: STEP_WIDTH, minHeight: STEP_HEIGHT }}
      data-testid="graph-step"
      data-step={step.key}
      data-state={box.state}
    >
      <Handle type="target" position={Position.Top} />
      <div className="graph-step-head">
        <strong>{step.name || step.key || '(unnamed step)'}</strong>
        {box.start ? <span className="badge">Start</span> : null}
        {box.state === 'current' ? <span className="badge current">Current</span> : null}
      </div>
      <div className="graph-step-meta">
        {step.role || <em>no role</em>} · {percent(step.weight)}
        {step.escalateTo ? ` · ⤴ ${step.escalateTo}` : ''}
      </div>
      {problem ? (
        <ul className="graph-problems" data-testid="graph-step-problems">
          {box.problems.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

function EndNodeView() {
  return (
    <div className="graph-end" data-testid="graph-end">
      <Handle type="target" position={Position.Top} />
      End
    </div>
  );
}

const nodeTypes = { step: StepNodeView, end: EndNodeView };

const edgeClass = (state: ElementState, problem: boolean, selected: boolean): string =>
  [
    `graph-transition state-${state}`,
    problem ? 'has-problem' : '',
    selected ? 'selected' : '',
  ].join(' ');

/**
 * A workflow definition drawn as a graph, laid out automatically: steps (role, SLA share,
 * escalation role; the start marked), named transitions between them, the end. Read-only unless
 * `onSelect`/`onConnect` are given; problems and the ticket's position come in `marks`.
 */
export function WorkflowGraph({
  shape,
  marks,
  selection = null,
  onSelect,
  onConnect,
  label,
}: {
  shape: WorkflowShape;
  marks?: GraphMarks;
  selection?: GraphSelection;
  onSelect?: (selection: GraphSelection) => void;
  onConnect?: (from: number, to: number | null) => void;
  label: string;
}) {
  const drawn = useMemo(() => layoutWorkflow(shape, marks), [shape, marks]);
  const editable = onSelect !== undefined;
  const nodes: (StepNode | EndNode)[] = [
    ...drawn.steps.map((box): StepNode => {
      const step = shape.steps[box.index] as StepSpec;
      const selected = selection?.kind === 'step' && selection.index === box.index;
      return {
        id: box.id,
        type: 'step',
        position: { x: box.x, y: box.y },
        data: { step, box, selected },
        selected,
        ariaLabel: describeStep(step, box),
        width: STEP_WIDTH,
        height: STEP_HEIGHT,
      };
    }),
    {
      id: END_ID,
      type: 'end',
      position: { x: drawn.end.x, y: drawn.end.y },
      data: {},
      ariaLabel: 'End of the workflow',
      selectable: false,
      width: 80,
      height: 40,
    },
  ];
  const edges: Edge[] = drawn.transitions.map((line) => {
    const selected = selection?.kind === 'transition' && selection.index === line.index;
    const problem = line.problems.length > 0;
    return {
      id: line.id,
      source: line.source,
      target: line.target,
      type: 'smoothstep',
      label: problem ? `${line.label} ⚠ ${line.problems.join('; ')}` : line.label,
      className: edgeClass(line.state, problem, selected),
      animated: line.state === 'taken',
      selected,
      ariaLabel: `Transition ${line.label}${problem ? `: ${line.problems.join('; ')}` : ''}`,
      data: { index: line.index },
    };
  });
  const connect = (connection: Connection) => {
    if (!onConnect) return;
    const from = drawn.steps.find((box) => box.id === connection.source);
    const to = drawn.steps.find((box) => box.id === connection.target);
    if (!from || (!to && connection.target !== END_ID)) return;
    onConnect(from.index, to ? to.index : null);
  };
  return (
    <div className="workflow-graph" role="group" aria-label={label} data-testid="workflow-graph">
      <ReactFlow
        key={`${drawn.steps.length}/${drawn.transitions.length}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        minZoom={0.2}
        nodesDraggable={false}
        nodesConnectable={onConnect !== undefined}
        elementsSelectable={editable}
        deleteKeyCode={null}
        onConnect={connect}
        onNodeClick={(_, node) =>
          node.type === 'step' ? onSelect?.({ kind: 'step', index: node.data.box.index }) : null
        }
        onEdgeClick={(_, edge) =>
          onSelect?.({ kind: 'transition', index: (edge.data as { index: number }).index })
        }
        onPaneClick={() => onSelect?.(null)}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
