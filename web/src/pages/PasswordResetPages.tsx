import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { EmailField } from '../components/EmailField';
import { PasswordField } from '../components/PasswordField';
import { ErrorNotice } from '../components/States';
import { useAction } from '../hooks/useAction';
import { useUrlParams } from '../hooks/useUrlParams';
import { useSession } from '../session/SessionProvider';

/** Asks for a reset link by email; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const request = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await request.run(() =>
      api.request('auth', '/api/v1/auth/password-reset', { method: 'POST', body: { email } }),
    );
    setSent(done);
  };
  return (
    <main id="main" className="login">
      <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="forgot-title">
        <h1 id="forgot-title">Reset your password</h1>
        {sent ? (
          <p className="notice ok" role="status">
            If an account uses {email}, a link to choose a new password is on its way. It works for
            an hour.
          </p>
        ) : (
          <>
            {request.error ? <ErrorNotice error={request.error} /> : null}
            <EmailField value={email} onChange={setEmail} />
            <button type="submit" disabled={request.busy}>
              Send the link
            </button>
          </>
        )}
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </form>
    </main>
  );
}

/** Where the emailed link lands: choose a new password with the token it carries. */
export function ResetPasswordPage() {
  const { api } = useSession();
  const token = useUrlParams().get('token');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const reset = useAction();
  const errors = reset.error instanceof ApiError ? reset.error.fieldErrors() : {};
  const mismatch = repeat !== '' && repeat !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(
      await reset.run(() =>
        api.request('auth', '/api/v1/auth/password-reset/confirm', {
          method: 'POST',
          body: { token, newPassword: password },
        }),
      ),
    );
  };
  return (
    <main id="main" className="login">
      <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="reset-title">
        <h1 id="reset-title">Choose a new password</h1>
        {done ? (
          <p className="notice ok" role="status">
            Your password is changed and every other session is signed out.{' '}
            <Link to="/login">Sign in</Link>.
          </p>
        ) : (
          <>
            {errors.token ? (
              <ErrorNotice message="This link is invalid, used or expired. Ask for a new one." />
            ) : reset.error && !errors.newPassword ? (
              <ErrorNotice error={reset.error} />
            ) : null}
            <PasswordField
              label="New password"
              current={false}
              error={errors.newPassword}
              hint="At least 10 characters"
              autoFocus
              value={password}
              onChange={setPassword}
            />
            <PasswordField
              label="Repeat it"
              current={false}
              error={mismatch ? 'The two passwords differ.' : undefined}
              value={repeat}
              onChange={setRepeat}
            />
            <button type="submit" disabled={reset.busy || !token || mismatch}>
              Set the new password
            </button>
          </>
        )}
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </form>
    </main>
  );
}
