import { useCallback, useState, type FormEvent } from 'react';
import { PRIORITIES, type Priority } from '../../../../domain/tickets';
import type { DefinitionRecord, LifecycleView } from '../../api/types';
import { Field } from '../../components/Field';
import { humanize } from '../../components/format';
import { ErrorNotice } from '../../components/States';
import { Options } from '../../components/Options';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import { useRoleMembers } from '../../hooks/useRoleMembers';
import { useSession } from '../../session/SessionProvider';

const TYPES = [
  'reassign',
  'change_priority',
  'force_transition',
  'hold',
  'resume',
  'cancel',
] as const;
type OverrideType = (typeof TYPES)[number];
const END = '';
const FINAL_STATUSES = ['closed', 'resolved', 'rejected'] as const;

/** Admin overrides, sent as Updates to the ticket's workflow; a refusal shows the server's reason. */
export function AdminOverrides({
  state,
  onDone,
}: {
  state: LifecycleView;
  onDone: (view: LifecycleView) => void;
}) {
  const { api } = useSession();
  const [type, setType] = useState<OverrideType>('reassign');
  const [userId, setUserId] = useState('');
  const [priority, setPriority] = useState<Priority>(state.priority);
  const [toStep, setToStep] = useState(END);
  const [ticketStatus, setTicketStatus] = useState<(typeof FINAL_STATUSES)[number]>('closed');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const applying = useAction();
  const members = useRoleMembers(type === 'reassign' ? (state.task?.role ?? null) : null);
  const definition = state.definition;
  const loadSteps = useCallback(
    () =>
      definition
        ? api.request<DefinitionRecord>(
            'workflow',
            `/api/v1/workflows/${definition.key}/versions/${definition.version}`,
          )
        : Promise.resolve(null),
    [api, definition],
  );
  const steps = useResource(loadSteps).data?.spec.steps ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const details =
      type === 'reassign'
        ? { userId }
        : type === 'change_priority'
          ? { priority }
          : type === 'force_transition'
            ? toStep === END
              ? { toStep: null, ticketStatus }
              : { toStep }
            : {};
    await applying.run(async () => {
      const view = await api.request<LifecycleView>(
        'workflow',
        `/api/v1/tickets/${encodeURIComponent(state.ticketNumber)}/overrides`,
        {
          method: 'POST',
          idempotencyKey: crypto.randomUUID(),
          body: { type, ...details, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        },
      );
      setDone(`${humanize(type)} applied.`);
      setReason('');
      onDone(view);
    });
  };

  return (
    <section className="card" aria-labelledby="overrides-title">
      <h2 id="overrides-title">Admin override</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {applying.error ? <ErrorNotice error={applying.error} /> : null}
        {done ? (
          <p className="notice ok" role="status">
            {done}
          </p>
        ) : null}
        <Field label="Override">
          <select value={type} onChange={(e) => setType(e.target.value as OverrideType)}>
            <Options options={TYPES} />
          </select>
        </Field>
        {type === 'reassign' ? (
          <Field label="Assign to">
            <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
              <Options
                options={[
                  { value: '', label: `Choose someone holding ${state.task?.role ?? 'the role'}` },
                  ...(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.name })),
                ]}
              />
            </select>
          </Field>
        ) : null}
        {type === 'change_priority' ? (
          <Field label="Priority">
            <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              <Options options={PRIORITIES} />
            </select>
          </Field>
        ) : null}
        {type === 'force_transition' ? (
          <>
            <Field label="Move to">
              <select value={toStep} onChange={(e) => setToStep(e.target.value)}>
                <Options
                  options={[
                    { value: END, label: 'End the workflow' },
                    ...steps.map((s) => ({ value: s.key, label: `Step: ${s.name}` })),
                  ]}
                />
              </select>
            </Field>
            {toStep === END ? (
              <Field label="Final status">
                <select
                  value={ticketStatus}
                  onChange={(e) => setTicketStatus(e.target.value as typeof ticketStatus)}
                >
                  <Options options={FINAL_STATUSES} />
                </select>
              </Field>
            ) : null}
          </>
        ) : null}
        <Field label="Reason (recorded in the ticket's history)">
          <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit" disabled={applying.busy || (type === 'reassign' && !userId)}>
          {applying.busy ? 'Applying…' : `Apply ${humanize(type).toLowerCase()}`}
        </button>
      </form>
    </section>
  );
}
