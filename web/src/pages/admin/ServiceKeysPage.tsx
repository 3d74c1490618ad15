import { useCallback, useState, type FormEvent } from 'react';
import { SERVICE_SCOPES, type ServiceScope } from '../../../../domain/serviceScopes';
import { ApiError } from '../../api/client';
import type { Page, ServiceKeyView } from '../../api/types';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { Table } from '../../components/Table';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import { useSession } from '../../session/SessionProvider';

const PATH = '/api/v1/service-keys';

/** The secret of a key just created: shown this once, with a copy button. */
function NewKeySecret({
  name,
  apiKey,
  onDone,
}: {
  name: string;
  apiKey: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(apiKey).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div className="notice" role="status" data-testid="new-service-key">
      <p>
        <strong>Key {name} created.</strong> Copy it now: it is shown only this once and cannot be
        read again (only its prefix is kept in clear).
      </p>
      <Field label="API key">
        <input readOnly value={apiKey} onFocus={(e) => e.target.select()} />
      </Field>
      <button type="button" onClick={() => void copy()}>
        Copy key
      </button>{' '}
      <button type="button" className="secondary" onClick={onDone}>
        Done, I stored it
      </button>
      {copied === true ? <span> Copied.</span> : null}
      {copied === false ? <span> Copying was refused: select the key and copy it.</span> : null}
    </div>
  );
}

function NewKeyForm({
  onCreated,
}: {
  onCreated: (created: ServiceKeyView & { apiKey: string }) => void;
}) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ServiceScope[]>([]);
  const create = useAction();
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await create.run(async () => {
      const created = await api.request<ServiceKeyView & { apiKey: string }>('auth', PATH, {
        method: 'POST',
        body: { name, scopes },
      });
      setName('');
      setScopes([]);
      onCreated(created);
    });
  };
  const toggle = (scope: ServiceScope, on: boolean) =>
    setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope));
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-label="New service key">
      <h2>New service key</h2>
      {create.error && Object.keys(errors).length === 0 ? (
        <ErrorNotice error={create.error} />
      ) : null}
      <Field label="Name" error={errors.name} hint="lower-case letters, digits, - or _">
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <fieldset className="choices" aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
        <legend>Scopes</legend>
        {SERVICE_SCOPES.map((scope) => (
          <label key={scope} className="inline">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) => toggle(scope, e.target.checked)}
            />{' '}
            {scope}
          </label>
        ))}
      </fieldset>
      {errors.scopes ? (
        <p id="scopes-error" className="field-error" role="alert">
          Scopes: {errors.scopes}
        </p>
      ) : null}
      <button type="submit" disabled={create.busy}>
        Create key
      </button>
    </form>
  );
}

function KeyRow({ item, onRevoked }: { item: ServiceKeyView; onRevoked: () => void }) {
  const { api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const revoke = useAction();
  const confirm = async () => {
    const done = await revoke.run(() =>
      api.request('auth', `${PATH}/${encodeURIComponent(item.id)}/revoke`, { method: 'POST' }),
    );
    if (done) onRevoked();
  };
  return (
    <tr data-testid="service-key-row" data-name={item.name}>
      <td>
        <strong>{item.name}</strong> <code>{item.prefix}…</code>
      </td>
      <td>{item.scopes.join(', ')}</td>
      <td>{formatDateTime(item.createdAt)}</td>
      <td data-testid="last-used">{item.lastUsedAt ? formatDateTime(item.lastUsedAt) : 'never'}</td>
      <td>
        {item.revokedAt ? (
          `Revoked ${formatDateTime(item.revokedAt)}`
        ) : confirming ? (
          <span role="group" aria-label={`Confirm revoking ${item.name}`}>
            Services using it stop at once.{' '}
            <button type="button" className="danger" onClick={() => void confirm()}>
              Revoke {item.name}
            </button>{' '}
            <button type="button" className="link" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="secondary"
            aria-label={`Revoke key ${item.name}`}
            onClick={() => setConfirming(true)}
          >
            Revoke…
          </button>
        )}
        {revoke.error ? <ErrorNotice error={revoke.error} /> : null}
      </td>
    </tr>
  );
}

/** Service API keys: who may call the internal APIs, with which scopes; last used; revoke. */
export function ServiceKeysPage() {
  const { api } = useSession();
  const load = useCallback(() => api.request<Page<ServiceKeyView>>('auth', PATH), [api]);
  const { data, error, reload } = useResource(load);
  const [created, setCreated] = useState<{ name: string; apiKey: string } | null>(null);
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Service API keys</h1>
      {created ? (
        <NewKeySecret name={created.name} apiKey={created.apiKey} onDone={() => setCreated(null)} />
      ) : null}
      <NewKeyForm
        onCreated={(key) => {
          setCreated({ name: key.name, apiKey: key.apiKey });
          reload();
        }}
      />
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading what="Loading the keys" /> : null}
      {data?.items.length === 0 ? <Empty>No service keys yet.</Empty> : null}
      {data && data.items.length > 0 ? (
        <Table columns={['Key', 'Scopes', 'Created', 'Last used', 'Status']}>
          {data.items.map((item) => (
            <KeyRow key={item.id} item={item} onRevoked={reload} />
          ))}
        </Table>
      ) : null}
    </section>
  );
}
