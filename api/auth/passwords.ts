import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../../domain/errors';

/** argon2id (the library's default algorithm) with the configured memory cost (OWASP's 19 MiB by default; tests use less). */
export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  constructor(private readonly memoryCostKib: number) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      memoryCost: this.memoryCostKib,
      timeCost: 2,
      parallelism: 1,
    });
  }

  verify(storedHash: string, password: string): Promise<boolean> {
    return verify(storedHash, password).catch(() => false);
  }

  /** Spends the same time as a real check, so unknown accounts cannot be told apart by timing. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('not-a-real-password');
    await this.verify(await this.dummy, password);
    return false;
  }
}

export function assertStrongEnough(password: string, field: string): void {
  if (password.length < 10)
    throw new ValidationError('passwords need at least 10 characters', field);
  if (password.length > 200)
    throw new ValidationError('passwords are at most 200 characters', field);
}
