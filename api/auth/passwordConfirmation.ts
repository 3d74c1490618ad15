import { UnauthorizedError } from '../../domain/errors';
import type { LoginThrottle } from './loginThrottle';
import type { PasswordHasher } from './passwords';
import type { UserRow } from './users';

/**
 * A signed-in user proves the password again (changing it, turning two-step sign-in on or off).
 * Wrong ones count like failed sign-ins of the account from that client address, so a stolen
 * access token cannot guess the password faster than signing in could.
 */
export async function confirmPassword(
  deps: { passwords: PasswordHasher; throttle: LoginThrottle },
  user: UserRow,
  password: string,
  clientAddress: string,
  field: string,
): Promise<void> {
  await deps.throttle.admit(user.email, clientAddress);
  if (!(await deps.passwords.verify(user.password_hash, password))) {
    await deps.throttle.recordFailure(user.email);
    throw new UnauthorizedError('the password is wrong', field);
  }
  await deps.throttle.recordSuccess(user.email, clientAddress);
}
