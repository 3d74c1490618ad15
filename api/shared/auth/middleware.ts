import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../../domain/errors';
import {
  hasRole,
  isStaff,
  type Principal,
  type ServiceScope,
  type UserPrincipal,
} from './principal';
import type { TokenVerifier } from './verifier';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Requires a valid Bearer token and sets req.principal. */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      next(new UnauthorizedError('a Bearer token is required', 'authorization'));
      return;
    }
    verifier.verify(match[1]).then(
      (principal) => {
        req.principal = principal;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError('not authenticated', 'authorization');
  return req.principal;
}

export function userOf(req: Request): UserPrincipal {
  const principal = principalOf(req);
  if (principal.kind !== 'user')
    throw new ForbiddenError('this endpoint is for users', 'authorization');
  return principal;
}

/** Allows users holding any of the roles in the system. */
export function requireRole(system: string, ...roles: string[]): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    next(
      hasRole(principal, system, ...roles)
        ? undefined
        : new ForbiddenError(`requires role ${roles.join(' or ')} in ${system}`, 'authorization'),
    );
  };
}

/** Allows staff of the system: every role but requester. */
export function requireStaff(system: string): RequestHandler {
  return (req, _res, next) => {
    next(
      isStaff(principalOf(req), system)
        ? undefined
        : new ForbiddenError(`requires a staff role in ${system}`, 'authorization'),
    );
  };
}

/** Allows services whose token carries the scope (internal endpoints). */
export function requireScope(scope: ServiceScope): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    next(
      principal.kind === 'service' && principal.scopes.includes(scope)
        ? undefined
        : new ForbiddenError(`requires service scope ${scope}`, 'authorization'),
    );
  };
}
