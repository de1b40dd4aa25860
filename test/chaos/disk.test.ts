// Disk failures in the middle of an incident: every file kit writes is limited in size (RLIMIT_FSIZE
// via prlimit: a write past it fails with EFBIG, as on a full disk; this works as root, where a
// read-only chmod does not stop writes), at many sizes, so the failure falls on the journal, the
// audit log, the evidence or the report; and a read-only evidence folder (chattr +i where the
// kernel allows it). Each time: the run stops before its next write action and says why, nothing
// journaled is lost, and `kit resume` after the disk recovers completes with every write made once.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chaosWorld, tempRoot, WRITE_STEPS } from './harness/contain-run.js';
import { incidentDirs, kit, spawnKit, type KitResult } from './harness/kit.js';
import { settle } from './harness/settle.js';
import { successfulWrites } from './harness/sim.js';
import { emptyRow, recordTally } from './summary/tally.js';

const root = tempRoot('kit-chaos-disk-');
const row = emptyRow('disk');
afterAll(async () => {
  recordTally(row);
  await fs.rm(root, { recursive: true, force: true });
});

/** File-size limits spread over the run: the first fall on the incident folder, the last on the report. */
const LIMITS = [200, 1_500, 3_000, 5_000, 8_000, 9_000, 11_000, 13_000, 16_000, 20_000, 27_000];

function expectClearStop(result: KitResult, where: string): void {
  expect(result.code, `${where}: ${result.stderr}`).toBe(1);
  expect(result.stderr, where).toMatch(/cannot (write|start) .*(EFBIG|EPERM|EACCES|ENOSPC)/);
  expect(result.stderr, where).toMatch(/kit resume|run the command again/);
  expect(result.stderr, where).not.toMatch(/internal error|\n\s+at /);
}

function immutableSupported(dir: string): boolean {
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('disk failures', () => {
  let expected = new Map<string, number>();

  it('baseline: the containment runbook against the simulator, no fault', async () => {
    const world = await chaosWorld(root, 'baseline', 'contain');
    try {
      const result = await kit(world.runArgs, world.env);
      expect(result.code, result.stderr).toBe(0);
      expected = successfulWrites(world.chaos.sim.admin.requestLog());
      expect([...expected.keys()].sort()).toEqual(Object.values(WRITE_STEPS).sort());
      row.runsCompleted++;
    } finally {
      await world.chaos.close();
    }
  });

  it.each(LIMITS)('a write fails past %i bytes: the run stops and says why; resume completes, nothing lost, each write once', async (limit) => {
    const world = await chaosWorld(root, `limit-${limit}`, 'contain');
    try {
      const first = await kit(world.runArgs, world.env, { fileSizeLimit: limit });
      row.faultsInjected++;
      if (first.code !== 0) expectClearStop(first, `limit ${limit}`);
      else row.runsCompleted++;
      await settle(world, [first.stdout, first.stderr], expected, `limit ${limit}`, row);
    } finally {
      await world.chaos.close();
    }
  });

  it('a read-only evidence folder: the run stops before its first write action; resume completes once it is writable', async () => {
    const world = await chaosWorld(root, 'read-only', 'contain');
    const probe = path.join(world.kitHome, 'probe');
    await fs.mkdir(probe);
    const asRoot = process.getuid?.() === 0;
    // As root a chmod stops nothing; the immutable attribute does. Elsewhere chmod is the real thing.
    const lock = asRoot ? (immutableSupported(probe) ? (dir: string, on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', dir]) : undefined) : (dir: string, on: boolean) => fs.chmod(dir, on ? 0o500 : 0o700);
    if (!lock) {
      console.warn('disk test: running as root without chattr +i support; the read-only folder case is covered by the size-limit cases only');
      await world.chaos.close();
      return;
    }
    let evidenceDir: string | undefined;
    try {
      const child = spawnKit(world.runArgs, world.env);
      // Lock the evidence folder the moment the incident folder has it (before the snapshot's first write).
      for (let i = 0; i < 2_000 && !evidenceDir; i++) {
        const [dir] = await incidentDirs(world.kitHome);
        if (dir && (await fs.stat(path.join(dir, 'evidence')).catch(() => undefined))) {
          evidenceDir = path.join(dir, 'evidence');
          await lock(evidenceDir, true);
        } else await new Promise((r) => setTimeout(r, 2));
      }
      const first = await child.done;
      row.faultsInjected++;
      expect(evidenceDir).toBeDefined();
      expectClearStop(first, 'read-only evidence');
      expect(successfulWrites(world.chaos.sim.admin.requestLog()).size, 'no write reached the exchange').toBe(0);
      await lock(evidenceDir!, false);
      evidenceDir = undefined;
      await settle(world, [first.stdout, first.stderr], expected, 'read-only evidence', row);
    } finally {
      if (evidenceDir) await Promise.resolve(lock(evidenceDir, false)).catch(() => undefined);
      await world.chaos.close();
    }
  });
});
