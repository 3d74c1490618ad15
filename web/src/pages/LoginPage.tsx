import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import type { LoginChallenge, UserView } from '../api/types';
import { EmailField } from '../components/EmailField';
import { Field } from '../components/Field';
import { PasswordField } from '../components/PasswordField';
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
  const [challenge, setChallenge] = useState<LoginChallenge | null>(null);
  const signingIn = useAction();
  const error = signingIn.error;
  const next = url.get('next');
  const safeNext = next?.startsWith('/') && !next.startsWith('//') ? next : null;

  if (user) return <Navigate to={safeNext ?? homeOf(roles)} replace />;

  const enter = async (signedIn: UserView) => {
    await navigate(safeNext ?? homeOf(rolesOf(signedIn.roles[SYSTEM] ?? [])), { replace: true });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await signingIn.run(async () => {
      const step = await signIn(email, password);
      if (step.kind === 'code') {
        setPassword('');
        setChallenge(step.challenge);
      } else await enter(step.user);
    });
  };
  const tooMany = error instanceof ApiError && error.status === 429;

  if (challenge)
    return (
      <CodeStep
        challenge={challenge}
        onSignedIn={enter}
        onStartOver={() => setChallenge(null)}
        onResent={setChallenge}
      />
    );

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
        <PasswordField label="Password" value={password} onChange={setPassword} />
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

/**
 * Two-step sign-in's second step: the 6-digit code the server mailed. A wrong or expired code is
 * said beside the field; a sign-in that cannot go on (used up, too many tries) starts over.
 */
function CodeStep({
  challenge,
  onSignedIn,
  onStartOver,
  onResent,
}: {
  challenge: LoginChallenge;
  onSignedIn: (user: UserView) => Promise<void>;
  onStartOver: () => void;
  onResent: (challenge: LoginChallenge) => void;
}) {
  const { api, completeSignIn } = useSession();
  const [code, setCode] = useState('');
  const [resent, setResent] = useState(false);
  const verifying = useAction();
  const resending = useAction();
  const errors = verifying.error instanceof ApiError ? verifying.error.fieldErrors() : {};
  const dead = errors.challengeId !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await verifying.run(async () => onSignedIn(await completeSignIn(challenge.challengeId, code)));
  };
  const resend = async () => {
    setResent(false);
    const done = await resending.run(async () =>
      onResent(
        await api.request<LoginChallenge>('auth', '/api/v1/auth/login/otp/resend', {
          method: 'POST',
          body: { challengeId: challenge.challengeId },
        }),
      ),
    );
    setResent(done);
  };

  return (
    <main id="main" className="login">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="code-title" className="card">
        <h1 id="code-title">Enter your sign-in code</h1>
        <p>
          We mailed a 6-digit code to {challenge.sentTo}. It works once, for{' '}
          {Math.round(challenge.expiresIn / 60)} minutes.
        </p>
        {dead ? (
          <ErrorNotice message={`${errors.challengeId}.`} />
        ) : verifying.error && !errors.code ? (
          <ErrorNotice error={verifying.error} />
        ) : null}
        {resent ? (
          <p className="notice ok" role="status">
            A new code is on its way; the one before no longer works.
          </p>
        ) : null}
        {resending.error ? (
          <ErrorNotice
            message={
              resending.error instanceof ApiError && resending.error.status === 429
                ? `${resending.error.message}.`
                : undefined
            }
            error={resending.error}
          />
        ) : null}
        <Field label="Sign-in code" error={errors.code}>
          <input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={verifying.busy || dead}>
          {verifying.busy ? 'Checking…' : 'Verify'}
        </button>
        <p>
          <button
            type="button"
            className="link"
            disabled={resending.busy || dead}
            onClick={() => void resend()}
          >
            Send a new code
          </button>{' '}
          ·{' '}
          <button type="button" className="link" onClick={onStartOver}>
            Start over
          </button>
        </p>
      </form>
    </main>
  );
}
