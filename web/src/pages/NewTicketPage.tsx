import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { PRIORITIES, type Priority } from '../../../domain/tickets';
import { ApiError } from '../api/client';
import type { TicketView } from '../api/types';
import { Field } from '../components/Field';
import { Options } from '../components/Options';
import { ErrorNotice, Loading } from '../components/States';
import { useAction } from '../hooks/useAction';
import { useResource } from '../hooks/useResource';
import { useSession } from '../session/SessionProvider';

interface CatalogEntry {
  department: string;
  category: string;
  name: string;
  description: string;
}

/** Intake: subject, description, priority, what it is about (the catalog), attachments. */
export function NewTicketPage() {
  const { api } = useSession();
  const navigate = useNavigate();
  const loadCatalog = useCallback(
    () => api.request<{ items: CatalogEntry[] }>('workflow', '/api/v1/catalog'),
    [api],
  );
  const catalog = useResource(loadCatalog);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
  const [topic, setTopic] = useState('');
  const filing = useAction();
  const errors = filing.error instanceof ApiError ? filing.error.fieldErrors() : {};
  const files = useRef<HTMLInputElement>(null);
  /** One key per form: a retried submit (double click, lost answer) files one ticket. */
  const clientReference = useMemo(() => crypto.randomUUID(), []);

  const entries = catalog.data?.items ?? [];
  const chosen = entries.find((e) => `${e.department}/${e.category}` === topic) ?? entries[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const form = new FormData();
    form.set('subject', subject);
    form.set('description', description);
    form.set('priority', priority);
    form.set('department', chosen.department);
    form.set('category', chosen.category);
    form.set('clientReference', clientReference);
    for (const file of files.current?.files ?? []) form.append('attachments', file);
    await filing.run(async () => {
      const created = await api.request<{ ticket: TicketView }>('ticket', '/api/v1/tickets', {
        method: 'POST',
        form,
      });
      await navigate(`/tickets/${created.ticket.number}`);
    });
  };

  if (catalog.loading && !catalog.data) return <Loading what="Loading the form" />;
  if (catalog.error) return <ErrorNotice error={catalog.error} />;
  if (entries.length === 0)
    return <ErrorNotice message="No request types are open yet. Ask an admin to deploy one." />;

  return (
    <section aria-labelledby="new-ticket-title">
      <h1 id="new-ticket-title">New ticket</h1>
      <form className="card form" onSubmit={(e) => void submit(e)} noValidate>
        {filing.error && Object.keys(errors).length === 0 ? (
          <ErrorNotice error={filing.error} />
        ) : null}
        <Field
          label="What is it about?"
          error={errors.department ?? errors.category}
          hint={chosen?.description}
        >
          <select
            name="topic"
            value={chosen ? `${chosen.department}/${chosen.category}` : ''}
            onChange={(e) => setTopic(e.target.value)}
          >
            <Options
              options={entries.map((e) => ({
                value: `${e.department}/${e.category}`,
                label: `${e.department} · ${e.category} — ${e.name}`,
              }))}
            />
          </select>
        </Field>
        <Field label="Subject" error={errors.subject}>
          <input
            name="subject"
            required
            maxLength={300}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
          />
        </Field>
        <Field label="Description" error={errors.description}>
          <textarea
            name="description"
            required
            rows={6}
            maxLength={20000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Field label="Priority" error={errors.priority}>
          <select
            name="priority"
            value={priority}
            onChange={(e) => setPriority(e.target.value as Priority)}
          >
            <Options options={PRIORITIES} />
          </select>
        </Field>
        <Field label="Attachments" error={errors.attachments} hint="Up to 5 files, 10 MB each">
          <input type="file" name="attachments" multiple ref={files} />
        </Field>
        <button type="submit" disabled={filing.busy}>
          {filing.busy ? 'Filing…' : 'File ticket'}
        </button>
      </form>
    </section>
  );
}
