import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/platform';

const HISTORIES_DIR = path.join(__dirname, 'histories');
const fixtures = readdirSync(HISTORIES_DIR)
  .filter((name) => name.endsWith('.binpb'))
  .sort();

/**
 * Tickets already running keep running on new code: every recorded history (see
 * `recordHistories.test.ts`) replays on today's workflow bundle without non-determinism.
 */
describe('lifecycle histories of earlier versions replay on the current workflow code', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(6);
  });

  it.each(fixtures)('%s', async (name) => {
    const history = temporal.api.history.v1.History.decode(
      readFileSync(path.join(HISTORIES_DIR, name)),
    );
    await expect(
      Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, name),
    ).resolves.toBeUndefined();
  });
});
