import type { StepSpec } from '../../api/types';
import { Field } from '../../components/Field';
import { withText } from './definitionDraft';

/** One step's properties: key, name, role, share of the SLA, escalation role. */
export function StepFields({
  step,
  index,
  onChange,
  onRemove,
  err,
}: {
  step: StepSpec;
  index: number;
  onChange: (step: StepSpec) => void;
  onRemove: () => void;
  err: (path: string) => string | undefined;
}) {
  const at = (field: string) => err(`steps.${index}.${field}`);
  return (
    <div className="row" data-testid="step-row">
      <Field label="Step key" error={at('key') ?? err(`steps.${index}`)}>
        <input value={step.key} onChange={(e) => onChange({ ...step, key: e.target.value })} />
      </Field>
      <Field label="Name" error={at('name')}>
        <input value={step.name} onChange={(e) => onChange({ ...step, name: e.target.value })} />
      </Field>
      <Field label="Role" error={at('role')}>
        <input
          list="role-names"
          value={step.role}
          onChange={(e) => onChange({ ...step, role: e.target.value })}
        />
      </Field>
      <Field label="Share of SLA" error={at('weight')}>
        <input
          type="number"
          step="0.05"
          min={0}
          max={1}
          value={step.weight}
          onChange={(e) => onChange({ ...step, weight: Number(e.target.value) })}
        />
      </Field>
      <Field label="Escalate to" error={at('escalateTo')}>
        <input
          list="role-names"
          value={step.escalateTo ?? ''}
          onChange={(e) => onChange(withText(step, 'escalateTo', e.target.value))}
        />
      </Field>
      <button
        type="button"
        className="link"
        aria-label={`Remove step ${step.name || index + 1} and its transitions`}
        onClick={onRemove}
      >
        Remove step
      </button>
    </div>
  );
}
