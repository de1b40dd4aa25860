// Disk failures in the middle of an incident: every file kit writes is limited in size (RLIMIT_FSIZE
// via prlimit: a write past it fails with EFBIG, as on a full disk; this works as root, where a
// read-only chmod does not stop writes), at many sizes, so the failure falls on the journal, the
// audit log, the evidence or the report; and a read-only evidence folder (chattr +i where the
// kernel allows it). Each time: the run stops before its next write action and says why, nothing
// journaled is lost, and `kit resume` after the disk recovers completes with every write made once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineRun, chaosWorld, tempRoot } from './harness/contain-run.js';
import { incidentDirs, journalRecords, kit, spawnKit, type KitResult } from './harness/kit.js';
import { settle } from './harness/settle.js';
import { successfulWrites } from './harness/sim.js';
import { emptyRow, recordTally } from './summary/tally.js';

const root = tempRoot('kit-chaos-disk-');
const row = emptyRow('disk');
/** What each size limit stopped (the file that could not be written). */
const stops: string[] = [];
afterAll(async () => {
  row.notes = [`disk, what each fault stopped on: ${stops.join('; ')}`];
  recordTally(row);
  await fs.rm(root, { recursive: true, force: true });
});

/** File-size limits spread over the run: the first fall on the incident folder, the last on the report. */
const LIMITS = [200, 1_500, 3_000, 5_000, 8_000, 9_000, 11_000, 13_000, 16_000, 20_000, 27_000];

function expectClearStop(result: KitResult, where: string): void {
  expect(result.code, `${where}: ${result.stderr}`).toBe(1);
  expect(result.stderr, where).toMatch(/cannot (write|start) .*(EFBIG|EPERM|EACCES|ENOSPC)/);
  // It names what could not be written (the journal, an evidence file, the audit log...).
  expect(result.stderr, where).not.toMatch(/a file the step needed/);
  expect(result.stderr, where).toMatch(/kit resume|run the command again/);
  expect(result.stderr, where).not.toMatch(/internal error|\n\s+at /);
}

/** A real full disk: KIT_HOME on a tmpfs this small (root only; mount must be allowed). */
const TMPFS_SIZES = ['32k', '64k', '128k', '512k', '1m'];

function tmpfsSupported(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(path.join(root, 'tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const TMPFS = tmpfsSupported();

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
    expected = (await baselineRun(root, 'contain')).writes;
    row.runsCompleted++;
  });

  it.each(LIMITS)('a write fails past %i bytes: the run stops and says why; resume completes, nothing lost, each write once', async (limit) => {
    const world = await chaosWorld(root, `limit-${limit}`, 'contain');
    try {
      const first = await kit(world.runArgs, world.env, { fileSizeLimit: limit });
      // A limit no file reached injected nothing: it is counted as no fault.
      if (first.code !== 0) {
        expectClearStop(first, `limit ${limit}`);
        row.faultsInjected++;
        stops.push(`size limit ${limit} B: ${/cannot (?:write|start) ([^:]+)/.exec(first.stderr)?.[1] ?? '?'}`);
      } else stops.push(`size limit ${limit} B: no file reached it`);
      await settle(world, [first.stdout, first.stderr], expected, `limit ${limit}`, row, { outputHasId: first.code === 0 });
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
      stops.push(`read-only evidence folder: ${/cannot (?:write|start) ([^:]+)/.exec(first.stderr)?.[1] ?? '?'}`);
      expect(successfulWrites(world.chaos.sim.admin.requestLog()).size, 'no write reached the exchange').toBe(0);
      await lock(evidenceDir!, false);
      evidenceDir = undefined;
      await settle(world, [first.stdout, first.stderr], expected, 'read-only evidence', row);
    } finally {
      if (evidenceDir) await Promise.resolve(lock(evidenceDir, false)).catch(() => undefined);
      await world.chaos.close();
    }
  });

  it('a journal write fails in the middle of the run (the journal made immutable: an injected EPERM): the run stops and says why, nothing journaled is lost; resume completes', async (context) => {
    // Latency stretches the run, so the journal is locked between two records of its middle.
    const world = await chaosWorld(root, 'journal-locked', 'contain', (doc) => void (doc.latency = { fixed: '30ms', jitter: '0ms' }));
    const probe = path.join(world.kitHome, 'probe');
    await fs.writeFile(probe, '');
    if (process.getuid?.() !== 0 || !immutableSupported(probe)) {
      await world.chaos.close();
      context.skip('needs root and chattr +i (an immutable journal)');
    }
    let journal: string | undefined;
    try {
      const child = spawnKit(world.runArgs, world.env);
      // Once the snapshot is journaled as done: the next record (cancel-orders starting) must fail.
      for (let i = 0; i < 5_000 && !journal; i++) {
        const [dir] = await incidentDirs(world.kitHome);
        const records = dir ? await journalRecords(dir).catch(() => []) : [];
        if (records.some((r) => r.type === 'step.succeeded' && (r.data as { stepId: string }).stepId === 'snapshot')) {
          journal = path.join(dir!, 'journal.jsonl');
          execFileSync('chattr', ['+i', journal]);
        } else await new Promise((r) => setTimeout(r, 1));
      }
      const first = await child.done;
      expect(journal).toBeDefined();
      row.faultsInjected++;
      expectClearStop(first, 'journal locked');
      expect(first.stderr).toMatch(/of the journal /);
      stops.push(`journal locked after the snapshot: ${/cannot write (record \d+ \([\w.]+\)) of the journal/.exec(first.stderr)?.[1] ?? '?'} of the journal`);
      execFileSync('chattr', ['-i', journal!]);
      journal = undefined;
      await settle(world, [first.stdout, first.stderr], expected, 'journal locked', row);
    } finally {
      if (journal) execFileSync('chattr', ['-i', journal]);
      await world.chaos.close();
    }
  });

  it.skipIf(!TMPFS).each(TMPFS_SIZES)('a full disk (KIT_HOME on a %s tmpfs, ENOSPC): the run stops and says why; with room again, resume completes', async (size) => {
    const world = await chaosWorld(root, `tmpfs-${size}`, 'contain');
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=700`, 'tmpfs', world.kitHome]);
      mounted = true;
      const first = await kit(world.runArgs, world.env);
      if (first.code !== 0) {
        expectClearStop(first, `tmpfs ${size}`);
        expect(first.stderr).toMatch(/ENOSPC/);
        row.faultsInjected++;
        stops.push(`full ${size} tmpfs: ${/cannot (?:write|start) ([^:]+)/.exec(first.stderr)?.[1] ?? '?'}`);
      } else stops.push(`full ${size} tmpfs: the run fitted`);
      // The disk recovers (room made), then the incident is finished.
      execFileSync('mount', ['-o', 'remount,size=64m', world.kitHome]);
      await settle(world, [first.stdout, first.stderr], expected, `tmpfs ${size}`, row, { outputHasId: first.code === 0 });
    } finally {
      await world.chaos.close();
      if (mounted) execFileSync('umount', [world.kitHome]);
    }
  });
});
