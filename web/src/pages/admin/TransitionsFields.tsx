import { COMMON_TRANSITIONS } from '../../../../domain/definitions';
import type { TransitionSpec } from '../../api/types';
import { Field } from '../../components/Field';
import { Options } from '../../components/Options';
import { newTransition, patchAt, removeAt, replaceAt, withText } from './definitionDraft';

const END = '';
const TRANSITION_STATUSES = ['in_progress', 'resolved', 'rejected', 'closed'] as const;

/**
 * A definition's named transitions: from a step, by a name agents act on (any name, with a
 * button label and whether notes are required), to a later or an earlier step or the end.
 */
export function TransitionsFields({
  transitions,
  stepOptions,
  startStep,
  onChange,
  err,
}: {
  transitions: TransitionSpec[];
  stepOptions: { value: string; label: string }[];
  startStep: string;
  onChange: (transitions: TransitionSpec[]) => void;
  err: (path: string) => string | undefined;
}) {
  const updateTransition = (i: number, change: Partial<TransitionSpec>) =>
    onChange(patchAt(transitions, i, change));
  return (
    <fieldset className="card">
      <legend>Transitions</legend>
      {err('transitions') ? <p className="field-error">{err('transitions')}</p> : null}
      {transitions.map((t, i) => (
        <div className="row" key={i} data-testid="transition-row">
          <Field label="From" error={err(`transitions.${i}.from`)}>
            <select value={t.from} onChange={(e) => updateTransition(i, { from: e.target.value })}>
              <Options options={stepOptions} />
            </select>
          </Field>
          <Field
            label="Name"
            error={err(`transitions.${i}.action`) ?? err(`transitions.${i}`)}
            hint="what agents do, e.g. approve or send_back"
          >
            <input
              list="transition-names"
              value={t.action}
              onChange={(e) => updateTransition(i, { action: e.target.value })}
            />
          </Field>
          <Field label="Button label" error={err(`transitions.${i}.label`)}>
            <input
              value={t.label ?? ''}
              placeholder="from the name"
              onChange={(e) =>
                onChange(replaceAt(transitions, i, withText(t, 'label', e.target.value)))
              }
            />
          </Field>
          <Field label="To" error={err(`transitions.${i}.to`)}>
            <select
              value={t.to ?? END}
              onChange={(e) => updateTransition(i, { to: e.target.value || null })}
            >
              <Options options={[{ value: END, label: 'End of workflow' }, ...stepOptions]} />
            </select>
          </Field>
          <Field label="Ticket status" error={err(`transitions.${i}.ticketStatus`)}>
            <select
              value={t.ticketStatus}
              onChange={(e) =>
                updateTransition(i, {
                  ticketStatus: e.target.value as TransitionSpec['ticketStatus'],
                })
              }
            >
              <Options options={TRANSITION_STATUSES} />
            </select>
          </Field>
          <label className="inline">
            <input
              type="checkbox"
              checked={t.notesRequired ?? false}
              onChange={(e) => updateTransition(i, { notesRequired: e.target.checked })}
            />{' '}
            Notes required
          </label>
          <button
            type="button"
            className="link"
            aria-label={`Remove transition ${i + 1}`}
            onClick={() => onChange(removeAt(transitions, i))}
          >
            Remove
          </button>
        </div>
      ))}
      <datalist id="transition-names">
        {COMMON_TRANSITIONS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...transitions, newTransition(startStep)])}
      >
        Add transition
      </button>
    </fieldset>
  );
}
