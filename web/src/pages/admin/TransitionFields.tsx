import { COMMON_TRANSITIONS } from '../../../../domain/definitions';
import type { TransitionSpec } from '../../api/types';
import { Field } from '../../components/Field';
import { Options } from '../../components/Options';
import { withText } from './definitionDraft';

const END = '';
const TRANSITION_STATUSES = ['in_progress', 'resolved', 'rejected', 'closed'] as const;

/**
 * One named transition: from a step, by a name agents act on (any name, with a button label and
 * whether notes are required), to a later or an earlier step or the end.
 */
export function TransitionFields({
  transition: t,
  index: i,
  stepOptions,
  onChange,
  onRemove,
  err,
}: {
  transition: TransitionSpec;
  index: number;
  stepOptions: { value: string; label: string }[];
  onChange: (transition: TransitionSpec) => void;
  onRemove: () => void;
  err: (path: string) => string | undefined;
}) {
  const update = (change: Partial<TransitionSpec>) => onChange({ ...t, ...change });
  return (
    <div className="row" data-testid="transition-row">
      <Field label="From" error={err(`transitions.${i}.from`)}>
        <select value={t.from} onChange={(e) => update({ from: e.target.value })}>
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
          onChange={(e) => update({ action: e.target.value })}
        />
      </Field>
      <Field label="Button label" error={err(`transitions.${i}.label`)}>
        <input
          value={t.label ?? ''}
          placeholder="from the name"
          onChange={(e) => onChange(withText(t, 'label', e.target.value))}
        />
      </Field>
      <Field label="To" error={err(`transitions.${i}.to`)}>
        <select value={t.to ?? END} onChange={(e) => update({ to: e.target.value || null })}>
          <Options options={[{ value: END, label: 'End of workflow' }, ...stepOptions]} />
        </select>
      </Field>
      <Field label="Ticket status" error={err(`transitions.${i}.ticketStatus`)}>
        <select
          value={t.ticketStatus}
          onChange={(e) =>
            update({ ticketStatus: e.target.value as TransitionSpec['ticketStatus'] })
          }
        >
          <Options options={TRANSITION_STATUSES} />
        </select>
      </Field>
      <label className="inline">
        <input
          type="checkbox"
          checked={t.notesRequired ?? false}
          onChange={(e) => update({ notesRequired: e.target.checked })}
        />{' '}
        Notes required
      </label>
      <button
        type="button"
        className="link"
        aria-label={`Remove transition ${t.action || i + 1}`}
        onClick={onRemove}
      >
        Remove transition
      </button>
      <datalist id="transition-names">
        {COMMON_TRANSITIONS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
