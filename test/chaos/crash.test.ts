// Crashes: the whole key-compromise runbook against the simulator, killed with SIGKILL at random
// moments (spread over every record of an uninterrupted run, a few during start-up, and some
// resumes killed again), then resumed to the end. Every resume completes; every write reached the
// exchange exactly as often as in an uninterrupted run (the simulator's request log, by kind);
// the journal verifies and keeps every record written before the kill; evidence matches its
// hashes; no secret leaks. KIT_CHAOS_KILLS sets the number of kills (the issue's full run: 200).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { chaosWorld, tempRoot } from './harness/contain-run.js';
import { incidentDirs, journalLines, kit, spawnKit, type KitProcess } from './harness/kit.js';
import { settle, type ChaosWorld } from './harness/settle.js';
import { successfulWrites } from './harness/sim.js';
import { createPrng } from '../../src/sim/util/prng.js';
import { emptyRow, recordTally } from './summary/tally.js';

const KILLS = Number(process.env.KIT_CHAOS_KILLS ?? 40);
const CONCURRENCY = 2;
const SEED = Number(process.env.KIT_CHAOS_SEED ?? 20261130);

const root = tempRoot('kit-chaos-crash-');
const row = emptyRow('crashes (SIGKILL)');
afterAll(async () => {
  recordTally(row);
  await fs.rm(root, { recursive: true, force: true });
});

interface KillPoint {
  /** Kill once the journal holds this many records (0: count from spawn). */
  afterRecords: number;
  extraMs: number;
  /** Kill the first resume as well, at this many records more. */
  killResumeAfter?: number;
}

async function journalLength(kitHome: string): Promise<number> {
  const [dir] = await incidentDirs(kitHome);
  return dir ? (await journalLines(dir)).length : 0;
}

async function killAt(proc: KitProcess, kitHome: string, afterRecords: number, extraMs: number): Promise<void> {
  let exited = false;
  void proc.done.then(() => (exited = true));
  while (!exited && afterRecords > 0 && (await journalLength(kitHome)) < afterRecords) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, extraMs));
  if (!exited) proc.child.kill('SIGKILL');
}

describe('crashes across the key-compromise run', () => {
  let expected = new Map<string, number>();
  let fullRecords = 0;

  it('baseline: an uninterrupted run (its writes and its length in records)', async () => {
    const world = await chaosWorld(root, 'baseline', 'key-compromise');
    try {
      const result = await kit(world.runArgs, world.env);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expected = successfulWrites(world.chaos.sim.admin.requestLog());
      expect([...expected.keys()].sort()).toEqual(Object.values(world.writeSteps).sort());
      fullRecords = await journalLength(world.kitHome);
      row.runsCompleted++;
    } finally {
      await world.chaos.close();
    }
  });

  it(`SIGKILL at ${KILLS} random moments: every resume completes, each write once, nothing lost`, async () => {
    expect(fullRecords).toBeGreaterThan(10);
    const prng = createPrng(SEED);
    const rand = (): number => prng.next();
    const points: KillPoint[] = Array.from({ length: KILLS }, (_, i) => ({
      afterRecords: i % 10 === 0 ? 0 : 1 + Math.floor(rand() * fullRecords),
      extraMs: i % 10 === 0 ? Math.round(100 + rand() * 500) : Math.round(rand() * 15),
      killResumeAfter: i % 7 === 3 ? 1 + Math.floor(rand() * 10) : undefined,
    }));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < points.length) {
        const index = next++;
        const point = points[index];
        const where = `kill ${index} (seed ${SEED}: ${point.extraMs} ms after record ${point.afterRecords}${point.killResumeAfter ? `, resume killed after ${point.killResumeAfter} more` : ''})`;
        const world: ChaosWorld = await chaosWorld(root, `kill-${index}`, 'key-compromise');
        try {
          const outputs: string[] = [];
          const first = spawnKit(world.runArgs, world.env);
          await killAt(first, world.kitHome, point.afterRecords, point.extraMs);
          const r1 = await first.done;
          outputs.push(r1.stdout, r1.stderr);
          row.faultsInjected++;
          const [dir] = await incidentDirs(world.kitHome);
          if (point.killResumeAfter && dir && r1.signal === 'SIGKILL') {
            const seen = (await journalLines(dir)).length;
            const again = spawnKit(['resume', path.basename(dir), '--yes'], world.env);
            await killAt(again, world.kitHome, seen + point.killResumeAfter, Math.round(rand() * 10));
            const r2 = await again.done;
            outputs.push(r2.stdout, r2.stderr);
            row.faultsInjected++;
            row.runsResumed++;
          }
          await settle(world, outputs, expected, where, row);
        } finally {
          await world.chaos.close();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  });
});
