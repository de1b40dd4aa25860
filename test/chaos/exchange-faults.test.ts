// Exchange faults during a whole key-compromise run (scenario faults of the simulator): 20% of
// answers 5xx, dropped connections, answers slower than the timeout, 429 bursts, the server clock
// 5 s ahead or behind, all of them at once, and the reading key deleted by someone else in the
// middle of the sweep. Each time the incident completes, or stops resumable with a clear reason
// and completes on resume (faults still on; after three resumes the storm passes: 5xx, drops and
// hangs end); no evidence is lost or duplicated; each write reaches the exchange once; the report
// says what could not be done.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineRun, chaosWorld, tempRoot } from './harness/contain-run.js';
import { incidentDirs, journalRecords, kit, spawnKit, type KitResult } from './harness/kit.js';
import { settle, type ChaosWorld } from './harness/settle.js';
import { successfulWrites, type ScenarioDoc } from './harness/sim.js';
import { keyFingerprint } from '../../src/sim/index.js';
import { emptyRow, recordTally } from './summary/tally.js';

const root = tempRoot('kit-chaos-faults-');
const row = emptyRow('exchange faults');
afterAll(async () => {
  recordTally(row);
  await fs.rm(root, { recursive: true, force: true });
});

/**
 * 429 bursts of 150 ms every 300 ms for three minutes after the scenario's anchor (the minute
 * the simulator started): a whole run against the local simulator makes its requests within
 * a fraction of a second, so only short, frequent bursts are sure to meet them.
 */
const BURSTS = Array.from({ length: 600 }, (_, i) => ({ at: `+${i * 300}ms`, duration: '150ms' }));

/** Each case, and how many resumes it may need (a clock skew must be absorbed within the run). */
const CASES: Array<[name: string, faults: Record<string, unknown>, maxResumes: number]> = [
  ['20% of answers 5xx', { serverErrorShare: 0.2 }, 3],
  ['dropped connections', { dropShare: 0.1 }, 3],
  ['answers slower than the timeout', { hangShare: 0.06 }, 3],
  ['429 bursts', { rateLimitBursts: BURSTS }, 3],
  ['server clock 5 s ahead', { clockOffset: '5s' }, 0],
  ['server clock 5 s behind', { clockOffset: '-5s' }, 0],
  ['all at once', { serverErrorShare: 0.2, dropShare: 0.05, hangShare: 0.01, rateLimitBursts: BURSTS, clockOffset: '5s' }, 3],
];

function expectClearReason(result: KitResult, where: string): void {
  if (result.code === 0) return;
  expect(result.stderr, `${where}: exit ${result.code}\n${result.stdout.slice(-2000)}\n${result.stderr}`).not.toMatch(/internal error|\n\s+at /);
  expect(result.stderr.trim().length, where).toBeGreaterThan(0);
}

/** Sweep records stored twice (a page fetched again after a fault must not add its records again). */
async function duplicatedEvidence(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ['trades', 'orders', 'deposits', 'withdrawals']) {
    const file = path.join(dir, 'evidence', 'bybit-reader', `${kind}.jsonl`);
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    const ids = text.split('\n').filter(Boolean).map((line) => String((JSON.parse(line) as { id: unknown }).id));
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) out.push(`${kind} ${id}`);
      seen.add(id);
    }
  }
  return out;
}

async function runUntilSettled(world: ChaosWorld, where: string, outputs: string[], maxResumes: number): Promise<KitResult> {
  let result = await kit(world.runArgs, world.env);
  outputs.push(result.stdout, result.stderr);
  // Stopped resumable with a clear reason: resume, the faults still on.
  for (let attempt = 0; attempt < maxResumes && result.code !== 0; attempt++) {
    expectClearReason(result, where);
    const [dir] = await incidentDirs(world.kitHome);
    const records = dir ? await journalRecords(dir) : [];
    if (records.at(-1)?.type === 'run.finished') break;
    // Stopped, not finished: it must say how to go on.
    expect(result.stderr, `${where}: ${result.stderr}`).toMatch(/kit resume/);
    result = await kit(['resume', path.basename(dir!), '--yes'], world.env);
    outputs.push(result.stdout, result.stderr);
    row.runsResumed++;
  }
  const [dir] = await incidentDirs(world.kitHome);
  const stopped = async (): Promise<boolean> => result.code !== 0 && dir !== undefined && (await journalRecords(dir)).at(-1)?.type !== 'run.finished';
  if (await stopped()) {
    // Still stopped: the storm passes (5xx, drops and hangs end). The 429 bursts are fixed in time
    // and go on for their three minutes, so a write may still be refused for the rate on every
    // retry of a resume: each such stop must be resumable with a clear reason, and at most five
    // more resumes finish the incident.
    Object.assign(world.chaos.sim.scenario.faults, { serverErrorShare: 0, dropShare: 0, hangShare: 0 });
    for (let attempt = 0; attempt < 5 && (await stopped()); attempt++) {
      expectClearReason(result, where);
      expect(result.code, `${where}: a stop that is not resumable\n${result.stderr}`).toBe(5);
      expect(result.stderr, `${where}: ${result.stderr}`).toMatch(/kit resume/);
      result = await kit(['resume', path.basename(dir!), '--yes'], world.env);
      outputs.push(result.stdout, result.stderr);
      row.runsResumed++;
    }
  }
  return result;
}

describe('exchange faults during the key-compromise run', () => {
  let expected = new Map<string, number>();

  it('baseline without faults', async () => {
    expected = (await baselineRun(root, 'key-compromise')).writes;
    row.runsCompleted++;
  });

  it.each(CASES)('%s: the incident completes (or stops resumable and completes on resume), evidence whole, each write once', async (name, faults, maxResumes) => {
    const world = await chaosWorld(root, name.replace(/\W+/g, '-'), 'key-compromise', (doc: ScenarioDoc) => {
      doc.faults = { ...(doc.faults ?? {}), ...faults };
    });
    try {
      const outputs: string[] = [];
      const result = await runUntilSettled(world, name, outputs, maxResumes);
      const counters = world.chaos.sim.admin.counters();
      const injected = counters.serverErrors + counters.dropped + counters.hung + counters.rateLimited + (faults.clockOffset ? 1 : 0);
      row.faultsInjected += injected;
      expect(injected, `${name}: faults met (${JSON.stringify(counters)})`).toBeGreaterThan(0);
      if (name.startsWith('answers slower')) expect(counters.hung, `${name}: answers that never came`).toBeGreaterThan(0);
      // A skew the run absorbed (no resume allowed): it asked the exchange for its time.
      if (faults.clockOffset) expect(world.chaos.sim.admin.requestLog().some((e) => e.path === '/v5/market/time'), `${name}: the clock was resynchronised`).toBe(true);
      expect(result.code, `${name}: ${result.stdout.slice(-3000)}\n${result.stderr}`).toBe(0);
      const [dir] = await incidentDirs(world.kitHome);
      const duplicates = await duplicatedEvidence(dir);
      row.duplicateWrites += duplicates.length;
      expect(duplicates, name).toEqual([]);
      // Finished already: settle() only checks.
      await settle(world, outputs, expected, name, row, { outputHasId: true });
    } finally {
      await world.chaos.close();
    }
  });

  it('the reading key deleted by someone else in the middle of the sweep: the run completes and the report says what could not be done', async () => {
    // A little latency, so the sweep takes long enough to be cut in its middle.
    const world = await chaosWorld(root, 'key-deleted', 'key-compromise', (doc) => void (doc.latency = { fixed: '5ms', jitter: '5ms' }));
    try {
      const reader = world.chaos.credential('main', 'read-only');
      const fingerprint = keyFingerprint(reader.apiKey);
      const child = spawnKit(world.runArgs, world.env);
      let exited = false;
      void child.done.then(() => (exited = true));
      let deleted = false;
      // A few pages into the sweep (the reading key's requests), as the owner deleting keys on the web page would.
      while (!deleted && !exited) {
        if (world.chaos.sim.admin.requestLog().filter((e) => e.keyFingerprint === fingerprint).length >= 6) deleted = world.chaos.sim.admin.deleteKey(reader.apiKey);
        else await new Promise((r) => setTimeout(r, 2));
      }
      const result = await child.done;
      row.faultsInjected++;
      expect(deleted).toBe(true);
      expect(result.code, result.stdout.slice(-3000) + result.stderr).toBe(0);
      const [dir] = await incidentDirs(world.kitHome);
      const records = await journalRecords(dir);
      const sweepFailed = records.find((r) => r.type === 'step.failed' && (r.data as { stepId: string }).stepId === 'sweep');
      expect(sweepFailed, 'the sweep fails with the key gone').toBeDefined();
      const report = await fs.readFile(path.join(dir, 'report.md'), 'utf8');
      expect(report).toMatch(/sweep/i);
      expect(report).toMatch(/fail|could not|not done|incomplete/i);
      expect(successfulWrites(world.chaos.sim.admin.requestLog())).toEqual(expected);
      // Finished: the common checks (journal, evidence, writes, the report's failed rows, no secret).
      await settle(world, [result.stdout, result.stderr], expected, 'key deleted', row, { outputHasId: true });
    } finally {
      await world.chaos.close();
    }
  });
});
