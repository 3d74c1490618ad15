import type { Knex } from 'knex';
import type { ServiceScope } from '../shared/auth/principal';
import { audit } from './audit';
import type { KeyRing } from './keys';
import type { ServiceKeys, ServiceKeyView } from './serviceKeys';

/** Admins' key operations, each recorded in the audit log. */
export class KeyAdmin {
  constructor(
    private readonly db: Knex,
    private readonly serviceKeys: ServiceKeys,
    private readonly keys: KeyRing,
  ) {}

  /** A new service API key; its secret is in the answer and nowhere else. */
  async createServiceKey(
    actorId: string,
    name: string,
    scopes: readonly ServiceScope[],
  ): Promise<ServiceKeyView & { apiKey: string }> {
    const created = await this.serviceKeys.create(name, scopes);
    await audit(this.db, actorId, 'service_key.create', name, { scopes });
    return { ...created.key, apiKey: created.apiKey };
  }

  async revokeServiceKey(actorId: string, id: string): Promise<ServiceKeyView> {
    const revoked = await this.serviceKeys.revoke(id);
    await audit(this.db, actorId, 'service_key.revoke', revoked.name);
    return revoked;
  }

  /** A new token signing key; tokens signed with the old one stay valid until they expire. */
  async rotateSigningKey(actorId: string): Promise<{ kid: string }> {
    const kid = await this.keys.rotate();
    await audit(this.db, actorId, 'signing_key.rotate', kid);
    return { kid };
  }
}
