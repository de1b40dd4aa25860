// Two kit processes on one incident: while a run holds it, a second `kit resume` is refused with
// the lock (exit 6) and changes nothing; after a crash, two resumes racing for the stale lock end
// with exactly one winner, which completes the incident, each write made once.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineRun, chaosWorld, tempRoot } from './harness/contain-run.js';
import { incidentDirs, journalLines, journalRecords, kit, spawnKit } from './harness/kit.js';
import { settle } from './harness/settle.js';
import { emptyRow, recordTally } from './summary/tally.js';

const root = tempRoot('kit-chaos-lock-');
const row = emptyRow('two processes, one incident');
afterAll(async () => {
  recordTally(row);
  await fs.rm(root, { recursive: true, force: true });
});

/** Waits until the incident's journal holds a record of `type` (or `count` records). */
async function waitForJournal(kitHome: string, done: (records: number, types: string[]) => boolean): Promise<string> {
  for (;;) {
    const [dir] = await incidentDirs(kitHome);
    if (dir) {
      const records = await journalRecords(dir).catch(() => []);
      if (done(records.length, records.map((r) => r.type))) return dir;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('two kit processes on one incident', () => {
  let expected = new Map<string, number>();

  it('baseline', async () => {
    expected = (await baselineRun(root, 'key-compromise')).writes;
  });

  it('a second process is refused with the lock (exit 6) while the first runs, and the first completes', async () => {
    // Latency stretches the run, so the second process surely meets the first one at work.
    const world = await chaosWorld(root, 'held', 'key-compromise', (doc) => void (doc.latency = { fixed: '30ms', jitter: '0ms' }));
    try {
      const first = spawnKit(world.runArgs, world.env);
      const dir = await waitForJournal(world.kitHome, (_n, types) => types.includes('step.started'));
      const before = (await journalLines(dir)).length;
      const second = await kit(['resume', path.basename(dir), '--yes'], world.env);
      row.faultsInjected++;
      expect(second.code, second.stderr).toBe(6);
      expect(second.stderr).toMatch(new RegExp(`in use by kit process ${first.child.pid}`));
      expect(second.stderr).not.toMatch(/internal error|\n\s+at /);
      const r1 = await first.done;
      expect(r1.code, r1.stderr).toBe(0);
      const records = await journalRecords(dir);
      expect(records.length).toBeGreaterThan(before);
      expect(records.filter((r) => r.type === 'run.resumed')).toEqual([]);
      await settle(world, [r1.stdout, r1.stderr, second.stdout, second.stderr], expected, 'lock held', row, { outputHasId: true });
    } finally {
      await world.chaos.close();
    }
  });

  it('after a crash, two resumes race for the stale lock: one wins and completes, the other is refused', async () => {
    const world = await chaosWorld(root, 'race', 'key-compromise', (doc) => void (doc.latency = { fixed: '30ms', jitter: '0ms' }));
    try {
      const first = spawnKit(world.runArgs, world.env);
      const dir = await waitForJournal(world.kitHome, (_n, types) => types.includes('step.succeeded'));
      first.child.kill('SIGKILL');
      await first.done;
      row.faultsInjected++;
      const id = path.basename(dir);
      const [a, b] = await Promise.all([kit(['resume', id, '--yes'], world.env), kit(['resume', id, '--yes'], world.env)]);
      const codes = [a.code, b.code].sort();
      expect(codes, `${a.stderr}\n${b.stderr}`).toEqual([0, 6]);
      row.runsResumed++;
      const loser = a.code === 6 ? a : b;
      expect(loser.stderr).toMatch(/in use by kit process|being taken over|locked by another kit process/);
      expect((await journalRecords(dir)).filter((r) => r.type === 'run.resumed')).toHaveLength(1);
      await settle(world, [a.stdout, a.stderr, b.stdout, b.stderr], expected, 'resume race', row, { outputHasId: true });
    } finally {
      await world.chaos.close();
    }
  });
});
