import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DEFAULT_REOPEN_WINDOW_SECONDS } from '../../../../domain/definitions';
import { PRIORITIES } from '../../../../domain/tickets';
import { ApiError } from '../../api/client';
import type { DefinitionRecord, DefinitionSpec } from '../../api/types';
import { Field } from '../../components/Field';
import { humanize } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/States';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import { SYSTEM } from '../../session/roles';
import { useSession } from '../../session/SessionProvider';
import { BusinessHoursFields } from './BusinessHoursFields';
import { blankDefinition, hours, seconds } from './definitionDraft';
import { GraphEditor } from './GraphEditor';

/**
 * Edits a definition (or writes a new one): SLA targets, business hours, and its steps and
 * transitions as a graph. Saving writes a new version; the server's validation problems are shown
 * beside the fields and on the graph's nodes and lines they name.
 */
export function WorkflowEditorPage() {
  const { key: routeKey } = useParams();
  const { api } = useSession();
  const load = useCallback(
    () =>
      Promise.all([
        routeKey === undefined
          ? Promise.resolve(null)
          : api.request<DefinitionRecord>('workflow', `/api/v1/workflows/${routeKey}`),
        api.request<{ items: string[] }>('auth', `/api/v1/systems/${SYSTEM}/roles`),
      ]),
    [api, routeKey],
  );
  const { data, error, reload } = useResource(load);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="Loading the definition" />;
  const [record, roles] = data;
  return (
    <DefinitionEditor
      key={record ? `${record.key}@${record.version}:${record.status}` : 'new'}
      record={record}
      roles={roles.items}
      onSaved={reload}
    />
  );
}

function DefinitionEditor({
  record,
  roles,
  onSaved,
}: {
  record: DefinitionRecord | null;
  roles: string[];
  onSaved: () => void;
}) {
  const isNew = record === null;
  const { api } = useSession();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [spec, setSpec] = useState<DefinitionSpec>(record?.spec ?? blankDefinition());
  const [deploy, setDeploy] = useState(false);
  const saving = useAction();
  const stateChange = useAction();
  const errors = useMemo(
    () => (saving.error instanceof ApiError ? saving.error.fieldErrors('body.') : {}),
    [saving.error],
  );
  /** The problems inside the spec, by path within it (`steps.2.role`): what the graph marks. */
  const specProblems = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(errors)
          .filter(([field]) => field.startsWith('spec.'))
          .map(([field, message]) => [field.slice('spec.'.length), message]),
      ),
    [errors],
  );
  const failure = saving.error ?? stateChange.error;

  const err = (path: string): string | undefined => specProblems[path];
  const update = (change: Partial<DefinitionSpec>) => setSpec({ ...spec, ...change });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await saving.run(async () => {
      const written = isNew
        ? await api.request<DefinitionRecord>('workflow', '/api/v1/workflows', {
            method: 'POST',
            body: { key, spec, deploy },
          })
        : await api.request<DefinitionRecord>('workflow', `/api/v1/workflows/${record.key}`, {
            method: 'PUT',
            body: { spec, deploy },
          });
      if (isNew) await navigate(`/admin/workflows/${written.key}`, { replace: true });
      else onSaved();
    });
  };
  const changeState = async (verb: 'deploy' | 'pause') => {
    if (!record) return;
    const changed = await stateChange.run(() =>
      api.request(
        'workflow',
        `/api/v1/workflows/${record.key}/versions/${record.version}/${verb}`,
        {
          method: 'POST',
        },
      ),
    );
    if (changed) onSaved();
  };
  const problems = Object.entries(errors);

  return (
    <section aria-labelledby="editor-title">
      <p className="crumbs">
        <Link to="/admin/workflows">Workflow definitions</Link> / {record?.key ?? 'new'}
      </p>
      <div className="page-head">
        <h1 id="editor-title">{isNew ? 'New definition' : spec.name}</h1>
        {record ? (
          <span>
            v{record.version}{' '}
            <span className={`badge def-${record.status}`}>{humanize(record.status)}</span>{' '}
            {record.status !== 'deployed' ? (
              <button
                type="button"
                className="secondary"
                onClick={() => void changeState('deploy')}
              >
                Deploy v{record.version}
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => void changeState('pause')}>
                Pause
              </button>
            )}
          </span>
        ) : null}
      </div>
      <form className="form editor" onSubmit={(e) => void save(e)} noValidate>
        {failure ? (
          <div className="notice error" role="alert" data-testid="definition-errors">
            <p>
              {problems.length > 0
                ? `Not saved: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}, marked below.`
                : failure instanceof Error
                  ? failure.message
                  : 'The definition was not saved.'}
            </p>
            {problems.length > 0 ? (
              <ul>
                {problems.map(([field, message]) => (
                  <li key={field}>
                    {field.replace(/^spec\./, '')} {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}

        <fieldset className="card">
          <legend>Definition</legend>
          <div className="grid">
            {isNew ? (
              <Field
                label="Definition key"
                error={errors.key}
                hint="lower-case letters, digits, - or _; it names the definition for good"
              >
                <input required value={key} onChange={(e) => setKey(e.target.value)} />
              </Field>
            ) : null}
            <Field label="Name" error={err('name')}>
              <input value={spec.name} onChange={(e) => update({ name: e.target.value })} />
            </Field>
            <Field label="Department" error={err('department')}>
              <input
                value={spec.department}
                onChange={(e) => update({ department: e.target.value })}
              />
            </Field>
            <Field label="Category" error={err('category')}>
              <input value={spec.category} onChange={(e) => update({ category: e.target.value })} />
            </Field>
            <Field label="Coordinator role" error={err('coordinatorRole')}>
              <input
                list="role-names"
                value={spec.coordinatorRole}
                onChange={(e) => update({ coordinatorRole: e.target.value })}
              />
            </Field>
            <Field label="Warn at (% of the SLA used)" error={err('warningRatio')}>
              <input
                type="number"
                min={1}
                max={99}
                value={Math.round(spec.warningRatio * 100)}
                onChange={(e) => update({ warningRatio: Number(e.target.value) / 100 })}
              />
            </Field>
            <Field
              label="Reopen window (days)"
              error={err('reopenWindowSeconds')}
              hint="How long a resolved ticket may be reopened by its requester; 0: resolution is final"
            >
              <input
                type="number"
                min={0}
                max={90}
                step="any"
                value={
                  Math.round(
                    ((spec.reopenWindowSeconds ?? DEFAULT_REOPEN_WINDOW_SECONDS) / 86400) * 100,
                  ) / 100
                }
                onChange={(e) =>
                  update({ reopenWindowSeconds: Math.round(Number(e.target.value) * 86400) })
                }
              />
            </Field>
          </div>
          <Field label="Description" error={err('description')}>
            <textarea
              rows={2}
              value={spec.description}
              onChange={(e) => update({ description: e.target.value })}
            />
          </Field>
        </fieldset>

        <fieldset className="card">
          <legend>SLA targets (hours)</legend>
          <div className="grid">
            {PRIORITIES.map((p) => (
              <Field key={p} label={humanize(p)} error={err(`sla.${p}`)}>
                <input
                  type="number"
                  min={0}
                  step="any"
                  value={hours(spec.sla[p])}
                  onChange={(e) => update({ sla: { ...spec.sla, [p]: seconds(e.target.value) } })}
                />
              </Field>
            ))}
          </div>
        </fieldset>

        <BusinessHoursFields
          calendar={spec.calendar}
          onChange={(calendar) => update({ calendar })}
          err={err}
        />

        <GraphEditor spec={spec} onChange={setSpec} problems={specProblems} err={err} />

        <datalist id="role-names">
          {roles.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <div className="form-foot">
          <label className="inline">
            <input type="checkbox" checked={deploy} onChange={(e) => setDeploy(e.target.checked)} />{' '}
            Deploy this version (new tickets use it)
          </label>
          <button type="submit" disabled={saving.busy}>
            {saving.busy ? 'Saving…' : isNew ? 'Create definition' : 'Save as new version'}
          </button>
        </div>
      </form>
    </section>
  );
}
