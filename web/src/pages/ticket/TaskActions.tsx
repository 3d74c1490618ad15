import { useState, type FormEvent } from 'react';
import type { LifecycleView, TaskAction, TaskView } from '../../api/types';
import { Field } from '../../components/Field';
import { humanize } from '../../components/format';
import { ErrorNotice } from '../../components/States';
import { Options } from '../../components/Options';
import { useAction } from '../../hooks/useAction';
import { useRoleMembers } from '../../hooks/useRoleMembers';
import { useSession, useUser } from '../../session/SessionProvider';
import { AssignmentHistory } from './AssignmentHistory';

/** Step actions that ask for a reason (transitions say so themselves). */
const NEEDS_NOTE: TaskAction[] = ['escalate', 'hold'];

/** The actions the current step allows, for its assignee; the server's refusal shown in words. */
export function TaskActions({
  task,
  onDone,
}: {
  task: TaskView;
  onDone: (view: LifecycleView) => void;
}) {
  const { api } = useSession();
  const user = useUser();
  const [action, setAction] = useState<TaskAction | null>(null);
  const [notes, setNotes] = useState('');
  const [target, setTarget] = useState('');
  const acting = useAction();
  const members = useRoleMembers(action === 'transfer' ? task.role : null);
  const mine = task.assignee?.id === user.id;
  const transition = task.transitions.find((t) => t.action === action);
  const labelOf = (a: TaskAction) =>
    task.transitions.find((t) => t.action === a)?.label ?? humanize(a);
  const notesRequired = transition?.notesRequired ?? false;
  const wantsReason = notesRequired || (action !== null && NEEDS_NOTE.includes(action));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action) return;
    const done = await acting.run(async () => {
      const view = await api.request<LifecycleView>(
        'workflow',
        `/api/v1/tasks/${task.taskId}/actions`,
        {
          method: 'POST',
          idempotencyKey: crypto.randomUUID(),
          body: {
            action,
            ...(notes.trim() ? { notes: notes.trim() } : {}),
            ...(action === 'escalate' && notes.trim() ? { reason: notes.trim() } : {}),
            ...(action === 'transfer' ? { targetUserId: target } : {}),
          },
        },
      );
      onDone(view);
    });
    if (done) {
      setAction(null);
      setNotes('');
    }
  };

  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Act on this step</h2>
      <p>
        {task.stepName} · {task.role} · assigned to{' '}
        <strong>{task.assignee ? (mine ? 'you' : task.assignee.name) : 'nobody yet'}</strong>
      </p>
      <AssignmentHistory key={`${task.taskId}:${task.assignee?.id ?? ''}`} taskId={task.taskId} />
      {!mine ? (
        <p className="hint">Only the assignee can act; an admin can reassign below.</p>
      ) : null}
      <div className="actions" role="group" aria-label="Actions">
        {task.allowedActions.map((a) => (
          <button
            key={a}
            type="button"
            className={action === a ? 'selected' : 'secondary'}
            aria-pressed={action === a}
            disabled={!mine}
            onClick={() => setAction(a)}
          >
            {labelOf(a)}
          </button>
        ))}
      </div>
      {action ? (
        <form onSubmit={(e) => void submit(e)} className="form">
          {acting.error ? <ErrorNotice error={acting.error} /> : null}
          {action === 'transfer' ? (
            <Field label="Transfer to">
              <select required value={target} onChange={(e) => setTarget(e.target.value)}>
                <Options
                  options={[
                    { value: '', label: 'Choose a colleague' },
                    ...(members.data?.items ?? [])
                      .filter((m) => m.id !== user.id)
                      .map((m) => ({ value: m.id, label: m.name })),
                  ]}
                />
              </select>
            </Field>
          ) : null}
          <Field label={wantsReason ? 'Reason' : 'Notes (optional)'}>
            <textarea
              rows={2}
              required={notesRequired}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
            />
          </Field>
          <button
            type="submit"
            disabled={
              acting.busy || (action === 'transfer' && !target) || (notesRequired && !notes.trim())
            }
          >
            {acting.busy ? 'Working…' : `Confirm: ${labelOf(action)}`}
          </button>
        </form>
      ) : null}
    </section>
  );
}
