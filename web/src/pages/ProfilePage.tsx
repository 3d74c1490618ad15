import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { UserView } from '../api/types';
import { PasswordField } from '../components/PasswordField';
import { ErrorNotice } from '../components/States';
import { useAction } from '../hooks/useAction';
import { useSession, useUser } from '../session/SessionProvider';

/** The signed-in user's own account: who they are, and two-step sign-in by e-mailed code. */
export function ProfilePage() {
  const user = useUser();
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">Your account</h1>
      <dl className="card">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
      </dl>
      <EmailCodeSetting user={user} />
    </section>
  );
}

function EmailCodeSetting({ user }: { user: UserView }) {
  const { api, updateUser } = useSession();
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const saving = useAction();
  const errors = saving.error instanceof ApiError ? saving.error.fieldErrors() : {};
  const enabled = user.emailOtpEnabled;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const done = await saving.run(async () => {
      updateUser(
        await api.request<UserView>('auth', '/api/v1/auth/me/email-otp', {
          method: 'PUT',
          body: { enabled: !enabled, password },
        }),
      );
    });
    if (done) setPassword('');
    setSaved(done);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="otp-title">
      <h2 id="otp-title">Two-step sign-in</h2>
      <p data-testid="email-otp-status">
        {enabled
          ? `On: every sign-in asks for a code we mail to ${user.email}.`
          : 'Off: your password alone signs you in.'}
      </p>
      {saved ? (
        <p className="notice ok" role="status">
          {enabled ? 'Sign-in codes are on.' : 'Sign-in codes are off.'}
        </p>
      ) : null}
      {saving.error && !errors.password ? <ErrorNotice error={saving.error} /> : null}
      <PasswordField
        label="Your password"
        error={errors.password}
        hint="Needed to change this setting"
        value={password}
        onChange={setPassword}
      />
      <button type="submit" disabled={saving.busy}>
        {enabled ? 'Turn off e-mail codes' : 'Turn on e-mail codes'}
      </button>
    </form>
  );
}
