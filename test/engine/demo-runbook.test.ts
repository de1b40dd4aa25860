// The shipped demo runbook: lint-clean (no error, no warning), and a dry run changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadRunbookText } from '../../src/runbook/load.js';
import { runIncident } from '../../src/engine/index.js';
import { REPO_ROOT, journalOf, recordsOf, sandbox, type Sandbox } from './helpers.js';

const DEMO = path.join(REPO_ROOT, 'runbooks', 'demo.yaml');

let box: Sandbox;
beforeEach(async () => (box = await sandbox()));
afterEach(async () => box.cleanup());

describe('runbooks/demo.yaml', () => {
  it('passes lint without a warning', async () => {
    const { runbook, problems } = loadRunbookText(await fs.readFile(DEMO, 'utf8'), DEMO);
    expect(problems).toEqual([]);
    expect(runbook?.runbook.steps.every((s) => ['log.note', 'wait', 'manual.confirm', 'manual.checklist'].includes(s.uses))).toBe(true);
  });

  it('runs by name, live under --yes and as a dry run, without asking anything', async () => {
    for (const dryRun of [false, true]) {
      const result = await runIncident({ runbookFile: 'demo', inputs: { pause: '10ms' }, kitHome: box.kitHome, yes: true, dryRun });
      expect(result.status).toBe('succeeded');
      const records = await journalOf(result.incidentDir);
      expect(recordsOf(records, 'step.succeeded').map((r) => r.data.stepId)).toEqual(['start', 'settle', 'confirm-key-deleted', 'hygiene', 'wrap-up']);
    }
  });
});
