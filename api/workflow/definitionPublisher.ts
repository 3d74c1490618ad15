import type { DefinitionSpec } from '../../domain/definitionSchema';
import type { LifecycleClient } from '../shared/lifecycleClient';
import type { DefinitionRecord, DefinitionStore } from './definitionStore';
import { seedDefinitions } from './seedDefinitions';

/**
 * Definition changes that route tickets: whenever a version becomes deployed (saved deployed,
 * deployed later, or seeded), tickets that were waiting without a route are routed again.
 */
export class DefinitionPublisher {
  constructor(
    private readonly store: DefinitionStore,
    private readonly lifecycles: LifecycleClient,
  ) {}

  /** Writes a version (a new definition when `mustBeNew`). */
  async write(
    key: string,
    version: { spec: DefinitionSpec; deploy: boolean },
    createdBy: string,
    mustBeNew: boolean,
  ): Promise<DefinitionRecord> {
    const record = await this.store.write(key, version.spec, {
      deploy: version.deploy,
      createdBy,
      mustBeNew,
    });
    if (record.status === 'deployed') {
      await this.lifecycles.rerouteUnrouted(`deploy:${record.key}:${record.version}`);
    }
    return record;
  }

  async deploy(key: string, version: number): Promise<DefinitionRecord> {
    const record = await this.store.deploy(key, version);
    await this.lifecycles.rerouteUnrouted(`deploy:${key}:${version}`);
    return record;
  }

  /** Loads the default definitions (idempotent by key); `requestId` names the reroute. */
  async seed(requestId?: string): Promise<string[]> {
    const written = await seedDefinitions(this.store);
    if (written.length > 0)
      await this.lifecycles.rerouteUnrouted(`seed:${requestId ?? written.join(',')}`);
    return written;
  }
}
