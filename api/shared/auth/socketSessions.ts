import { WebSocket } from 'ws';
import { z } from 'zod';
import { ForbiddenError } from '../../../domain/errors';
import type { UserPrincipal } from './principal';
import { voids, type Revocation, type RevocationFeed, type RevocationReason } from './revocations';
import type { TokenVerifier } from './verifier';

/** Close code for a socket whose session ended: token expired, user deactivated. */
export const SESSION_ENDED_CLOSE = 4401;
/** Close code for a socket whose user's roles changed: reconnect with a refreshed token. */
export const ROLES_CHANGED_CLOSE = 4403;
const CUT_OFF_MS = 1_000;

/** What a client sends on either socket to swap in a fresh access token of the same user. */
export const socketAuthMessage = z.object({
  type: z.literal('auth'),
  token: z.string().min(1).max(4_000),
});

const CLOSE_FOR: Record<RevocationReason, { code: number; reason: string }> = {
  deactivated: { code: SESSION_ENDED_CLOSE, reason: 'session revoked: user deactivated' },
  roles: { code: ROLES_CHANGED_CLOSE, reason: 'roles changed: reconnect with a fresh token' },
  password: { code: SESSION_ENDED_CLOSE, reason: 'session ended: the password changed' },
};

interface Session {
  principal: UserPrincipal;
  expiry: NodeJS.Timeout;
}

/**
 * The token behind each socket of one socket server. A socket is closed 4401 when its token
 * expires unless the client re-authenticated in-band with a fresh token of the same user, and
 * 4401 (deactivated) or 4403 (roles changed) as soon as auth's revocation of that token arrives.
 */
export class SocketSessions {
  private readonly sessions = new Map<WebSocket, Session>();

  constructor(
    private readonly verifier: TokenVerifier,
    revocations: RevocationFeed,
  ) {
    revocations.onRevoked((revocation) => this.revoke(revocation));
  }

  /** Watches an opened socket until it closes. */
  open(ws: WebSocket, principal: UserPrincipal): void {
    this.sessions.set(ws, { principal, expiry: this.expiryOf(ws, principal) });
    ws.once('close', () => {
      const session = this.sessions.get(ws);
      if (session) clearTimeout(session.expiry);
      this.sessions.delete(ws);
    });
  }

  /**
   * Verifies a fresh token and makes it the socket's session: 401 when it is not valid, 403 when
   * it is another user's. Answers the new principal (its roles may differ from the old one's).
   */
  async reauthenticate(ws: WebSocket, token: string): Promise<UserPrincipal> {
    const principal = await this.verifier.verify(token);
    const session = this.sessions.get(ws);
    if (!session) throw new ForbiddenError('the socket is closed', 'token');
    if (principal.kind !== 'user' || principal.userId !== session.principal.userId)
      throw new ForbiddenError('a socket re-authenticates as the same user only', 'token');
    clearTimeout(session.expiry);
    session.principal = principal;
    session.expiry = this.expiryOf(ws, principal);
    return principal;
  }

  private expiryOf(ws: WebSocket, principal: UserPrincipal): NodeJS.Timeout {
    const timer = setTimeout(
      () => end(ws, SESSION_ENDED_CLOSE, 'token expired: send {type:"auth", token} before it does'),
      Math.max(0, principal.expiresAt * 1000 - Date.now()),
    );
    timer.unref();
    return timer;
  }

  private revoke(revocation: Revocation): void {
    for (const [ws, session] of this.sessions) {
      if (session.principal.userId !== revocation.userId) continue;
      if (!voids(revocation, session.principal.issuedAt)) continue;
      const { code, reason } = CLOSE_FOR[revocation.reason];
      end(ws, code, reason);
    }
  }
}

/** Closes with a code and reason, and cuts the socket off if the peer does not answer. */
function end(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.close(code, reason);
  setTimeout(() => ws.terminate(), CUT_OFF_MS).unref();
}
