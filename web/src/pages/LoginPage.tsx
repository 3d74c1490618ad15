import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { EmailField } from '../components/EmailField';
import { Field } from '../components/Field';
import { ErrorNotice } from '../components/States';
import { homeOf, rolesOf, SYSTEM } from '../session/roles';
import { useAction } from '../hooks/useAction';
import { useUrlParams } from '../hooks/useUrlParams';
import { useSession } from '../session/SessionProvider';

export function LoginPage() {
  const { user, roles, signIn } = useSession();
  const navigate = useNavigate();
  const url = useUrlParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signingIn = useAction();
  const error = signingIn.error;
  const next = url.get('next');
  const safeNext = next?.startsWith('/') && !next.startsWith('//') ? next : null;

  if (user) return <Navigate to={safeNext ?? homeOf(roles)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await signingIn.run(async () => {
      const signedIn = await signIn(email, password);
      await navigate(safeNext ?? homeOf(rolesOf(signedIn.roles[SYSTEM] ?? [])), { replace: true });
    });
  };
  const tooMany = error instanceof ApiError && error.status === 429;

  return (
    <main id="main" className="login">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title" className="card">
        <h1 id="login-title">Sign in to the helpdesk</h1>
        {error ? (
          <ErrorNotice
            message={
              tooMany
                ? 'Too many attempts. Wait a few minutes, then try again.'
                : error instanceof ApiError && error.status === 401
                  ? 'That email and password do not match an active account.'
                  : undefined
            }
            error={error}
          />
        ) : null}
        <EmailField value={email} onChange={setEmail} />
        <Field label="Password">
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={signingIn.busy}>
          {signingIn.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
    </main>
  );
}
