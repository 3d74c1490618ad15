import { useMemo, useState } from 'react';
import { transitionLabel } from '../../../../domain/definitions';
import type { DefinitionSpec } from '../../api/types';
import { Field } from '../../components/Field';
import { elementOf } from '../../components/graph/graphMarks';
import { LazyWorkflowGraph } from '../../components/graph/LazyWorkflowGraph';
import type { GraphSelection } from '../../components/graph/WorkflowGraph';
import { Options } from '../../components/Options';
import {
  addStep,
  connectSteps,
  newTransition,
  removeAt,
  removeStep,
  replaceAt,
} from './definitionDraft';
import { StepFields } from './StepFields';
import { TransitionFields } from './TransitionFields';

/** Which steps and transitions the server found problems in, by their place in the lists. */
function flagged(problems: Record<string, string>): Set<string> {
  const ids = new Set<string>();
  for (const path of Object.keys(problems)) {
    const element = elementOf(path);
    if (element) ids.add(`${element.kind}.${element.index}`);
  }
  return ids;
}

/**
 * The definition's steps and transitions as a graph: add a step, drag from a step's lower handle
 * to another step (or End) to connect them with a named transition, select a step or transition
 * (on the graph or in the lists beside it, which keyboards and screen readers use) to edit or
 * remove it. The server's problems show on the node or line they name.
 */
export function GraphEditor({
  spec,
  onChange,
  problems,
  err,
}: {
  spec: DefinitionSpec;
  onChange: (spec: DefinitionSpec) => void;
  problems: Record<string, string>;
  err: (path: string) => string | undefined;
}) {
  const [chosen, setChosen] = useState<GraphSelection>({ kind: 'step', index: 0 });
  const selection =
    chosen && (chosen.kind === 'step' ? spec.steps : spec.transitions)[chosen.index]
      ? chosen
      : null;
  const shape = useMemo(
    () => ({ startStep: spec.startStep, steps: spec.steps, transitions: spec.transitions }),
    [spec.startStep, spec.steps, spec.transitions],
  );
  const marks = useMemo(() => ({ problems }), [problems]);
  const flags = flagged(problems);
  const stepOptions = spec.steps.map((s) => ({ value: s.key, label: s.name || s.key }));
  const selectedStep = selection?.kind === 'step' ? spec.steps[selection.index] : undefined;
  const selectedTransition =
    selection?.kind === 'transition' ? spec.transitions[selection.index] : undefined;
  const pick = (kind: 'step' | 'transition', index: number) => setChosen({ kind, index });

  return (
    <fieldset className="card" data-testid="graph-editor">
      <legend>Steps and transitions</legend>
      {err('steps') ? <p className="field-error">{err('steps')}</p> : null}
      {err('transitions') ? <p className="field-error">{err('transitions')}</p> : null}
      <div className="graph-toolbar">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onChange(addStep(spec));
            pick('step', spec.steps.length);
          }}
        >
          Add step
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const from = selectedStep?.key ?? spec.startStep;
            onChange({ ...spec, transitions: [...spec.transitions, newTransition(from)] });
            pick('transition', spec.transitions.length);
          }}
        >
          Add transition
        </button>
        <small className="hint">
          Drag from a step’s lower dot to another step or End to connect them.
        </small>
      </div>
      <div className="graph-editor">
        <LazyWorkflowGraph
          shape={shape}
          marks={marks}
          selection={selection}
          onSelect={setChosen}
          onConnect={(from, to) => {
            onChange(connectSteps(spec, from, to));
            pick('transition', spec.transitions.length);
          }}
          label="Workflow graph (editable)"
        />
        <div className="graph-inspector" aria-live="polite">
          {selectedStep && selection ? (
            <>
              <h3>Step {selectedStep.name || selectedStep.key}</h3>
              <StepFields
                step={selectedStep}
                index={selection.index}
                err={err}
                onChange={(step) =>
                  onChange({ ...spec, steps: replaceAt(spec.steps, selection.index, step) })
                }
                onRemove={() => onChange(removeStep(spec, selection.index))}
              />
            </>
          ) : null}
          {selectedTransition && selection ? (
            <>
              <h3>Transition {transitionLabel(selectedTransition)}</h3>
              <TransitionFields
                transition={selectedTransition}
                index={selection.index}
                stepOptions={stepOptions}
                err={err}
                onChange={(transition) =>
                  onChange({
                    ...spec,
                    transitions: replaceAt(spec.transitions, selection.index, transition),
                  })
                }
                onRemove={() =>
                  onChange({ ...spec, transitions: removeAt(spec.transitions, selection.index) })
                }
              />
            </>
          ) : null}
          {selection ? null : <p className="hint">Select a step or a transition to edit it.</p>}
        </div>
      </div>
      <div className="graph-lists">
        <nav aria-label="Steps">
          <h3>Steps</h3>
          <ol>
            {spec.steps.map((step, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  aria-pressed={selection?.kind === 'step' && selection.index === i}
                  onClick={() => pick('step', i)}
                >
                  {step.name || step.key || `Step ${i + 1}`}
                </button>
                {step.key === spec.startStep ? ' (start)' : ''}
                {flags.has(`steps.${i}`) ? <span className="field-error"> ⚠ problem</span> : null}
              </li>
            ))}
          </ol>
        </nav>
        <nav aria-label="Transitions">
          <h3>Transitions</h3>
          <ol>
            {spec.transitions.map((t, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  aria-pressed={selection?.kind === 'transition' && selection.index === i}
                  onClick={() => pick('transition', i)}
                >
                  {t.from || '?'} —{transitionLabel(t)}→ {t.to ?? 'End'}
                </button>
                {flags.has(`transitions.${i}`) ? (
                  <span className="field-error"> ⚠ problem</span>
                ) : null}
              </li>
            ))}
          </ol>
        </nav>
      </div>
      <Field label="Start step" error={err('startStep')}>
        <select
          value={spec.startStep}
          onChange={(e) => onChange({ ...spec, startStep: e.target.value })}
        >
          <Options options={stepOptions} />
        </select>
      </Field>
    </fieldset>
  );
}
