import { UnauthorizedError } from '../../domain/errors';
import type { SignInClient } from './clientAddress';
import type { LoginThrottle } from './loginThrottle';
import type { PasswordHasher } from './passwords';
import type { SignInAlerts } from './signInAlerts';
import type { UserRow } from './users';

export interface PasswordConfirmationDeps {
  passwords: PasswordHasher;
  throttle: LoginThrottle;
  alerts: SignInAlerts;
}

/**
 * A signed-in user proves the password again (changing it, turning two-step sign-in on or off).
 * Wrong ones count like failed sign-ins of the account from that client address, so a stolen
 * access token cannot guess the password faster than signing in could, and alert the owner as
 * failed sign-ins do (the same once-per-window threshold).
 */
export async function confirmPassword(
  deps: PasswordConfirmationDeps,
  user: UserRow,
  password: string,
  client: SignInClient,
  field: string,
): Promise<void> {
  await deps.throttle.admit(user.email, client.address);
  if (!(await deps.passwords.verify(user.password_hash, password))) {
    const attempts = await deps.throttle.recordFailure(user.email);
    if (attempts !== null) await deps.alerts.failed(user, attempts, client);
    throw new UnauthorizedError('the password is wrong', field);
  }
  await deps.throttle.recordSuccess(user.email, client.address);
}
