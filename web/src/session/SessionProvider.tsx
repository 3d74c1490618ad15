import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { ApiClient, type Tokens, type TokenStore } from '../api/client';
import type { LoginChallenge, UserView, WebRuntimeConfig } from '../api/types';
import { SYSTEM, type Roles, rolesOf } from './roles';

const STORAGE_KEY = 'helpdesk.session';
const REFRESH_LOCK = 'helpdesk.token-refresh';

/** Web Locks exist in secure contexts (https, localhost); elsewhere each tab refreshes alone. */
async function exclusively(work: () => Promise<boolean>): Promise<boolean> {
  if (!('locks' in navigator)) return work();
  return await navigator.locks.request(REFRESH_LOCK, work);
}

interface StoredSession {
  tokens: Tokens;
  user: UserView;
}

/** Where a password sign-in got to: done, or waiting for the code the server mailed. */
export type SignInStep =
  { kind: 'signed-in'; user: UserView } | { kind: 'code'; challenge: LoginChallenge };

type SignedIn = Tokens & { user: UserView };

interface Session {
  config: WebRuntimeConfig;
  api: ApiClient;
  user: UserView | null;
  roles: Roles;
  signIn: (email: string, password: string) => Promise<SignInStep>;
  /** The second step of two-step sign-in: the mailed code for the session. */
  completeSignIn: (challengeId: string, code: string) => Promise<UserView>;
  /** The signed-in user as the server now describes them (after a profile change). */
  updateUser: (user: UserView) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function readStored(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

/**
 * The browser's session: tokens in localStorage, shared by its tabs (a link opened in a new tab
 * stays signed in; signing out in one tab signs out all). A bearer token, so no cookie and no CSRF;
 * the access token is renewed with the refresh token when an API answers 401.
 */
export function SessionProvider({
  config,
  children,
}: {
  config: WebRuntimeConfig;
  children: ReactNode;
}) {
  const [stored, setStored] = useState<StoredSession | null>(readStored);
  const persist = useCallback((next: StoredSession | null) => {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
    setStored(next);
  }, []);

  useEffect(() => {
    const follow = (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) setStored(readStored());
    };
    window.addEventListener('storage', follow);
    return () => window.removeEventListener('storage', follow);
  }, []);

  const api = useMemo(() => {
    const tokens: TokenStore = {
      get: () => readStored()?.tokens ?? null,
      set: (next) => {
        const current = readStored();
        persist(next && current ? { ...current, tokens: next } : null);
      },
      exclusively,
    };
    return new ApiClient(config.services, tokens, () => persist(null));
  }, [config, persist]);

  const keep = useCallback(
    (session: SignedIn) => {
      persist({
        tokens: { accessToken: session.accessToken, refreshToken: session.refreshToken },
        user: session.user,
      });
      return session.user;
    },
    [persist],
  );

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInStep> => {
      const answer = await api.request<SignedIn | LoginChallenge>('auth', '/api/v1/auth/login', {
        method: 'POST',
        body: { email, password },
      });
      if ('challengeId' in answer) return { kind: 'code', challenge: answer };
      return { kind: 'signed-in', user: keep(answer) };
    },
    [api, keep],
  );

  const completeSignIn = useCallback(
    async (challengeId: string, code: string) =>
      keep(
        await api.request<SignedIn>('auth', '/api/v1/auth/login/otp', {
          method: 'POST',
          body: { challengeId, code },
        }),
      ),
    [api, keep],
  );

  const updateUser = useCallback(
    (user: UserView) => {
      const current = readStored();
      if (current) persist({ ...current, user });
    },
    [persist],
  );

  const signOut = useCallback(async () => {
    const refreshToken = readStored()?.tokens.refreshToken;
    persist(null);
    if (refreshToken) {
      await api
        .request('auth', '/api/v1/auth/logout', { method: 'POST', body: { refreshToken } })
        .catch(() => undefined);
    }
  }, [api, persist]);

  const value = useMemo<Session>(
    () => ({
      config,
      api,
      user: stored?.user ?? null,
      roles: rolesOf(stored?.user.roles[SYSTEM] ?? []),
      signIn,
      completeSignIn,
      updateUser,
      signOut,
    }),
    [config, api, stored, signIn, completeSignIn, updateUser, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user (routes under RequireSignIn only). */
export function useUser(): UserView {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
