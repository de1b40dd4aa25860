// The crash test: a runbook of write steps is killed with SIGKILL at random moments, 50 times.
// Each time, `kit resume` must finish the incident with every effect applied exactly once, and
// the journal must verify. The effects are lines appended to a file by the fixture action
// test.record-effect, whose reconcile() reads that file back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resumeIncident } from '../../src/engine/index.js';
import { verifyJournal } from '../../src/engine/journal-verify.js';
import { kit, startKit } from './cli-helpers.js';
import { FIXTURE_ACTIONS, journalOf, readLines } from './helpers.js';

const RUNS = 50;
const CONCURRENCY = 2;
const KEYS = ['cancel-orders', 'restrict-ip', 'delete-key', 'revoke-sub-a', 'revoke-sub-b', 'rotate'];
const SEED = Number(process.env.KIT_CRASH_SEED ?? 20261130);

const RUNBOOK = `version: 1
name: crash
inputs:
  file: { type: string, required: true }
steps:
${KEYS.map((key) => `  - id: ${key}
    uses: test.record-effect${key.startsWith('revoke-sub') ? '\n    parallel: subs' : ''}
    with: { file: "\${{ inputs.file }}", key: ${key}, delayMs: 15, delayAfterMs: 10 }`).join('\n')}
  - id: done
    uses: log.note
    with: { message: all contained }
`;

/** mulberry32: a small seeded generator, so a failing run can be replayed with KIT_CRASH_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let root: string;
let runbook: string;
/** Records in the journal of an uninterrupted run: kills are spread over all of them. */
let fullRunRecords = 0;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-crash-'));
  runbook = path.join(root, 'crash.yaml');
  await fs.writeFile(runbook, RUNBOOK);
});
afterAll(async () => fs.rm(root, { recursive: true, force: true }));

function envFor(kitHome: string): NodeJS.ProcessEnv {
  return { KIT_HOME: kitHome, KIT_ACTIONS_MODULE: FIXTURE_ACTIONS };
}

interface Outcome {
  run: number;
  resumed: boolean;
}

/** When to kill: once the journal holds `afterRecords` records, plus `extraMs` (0 records: from spawn). */
interface KillPoint {
  afterRecords: number;
  extraMs: number;
}

async function journalLength(kitHome: string): Promise<number> {
  const ids = await fs.readdir(path.join(kitHome, 'incidents')).catch(() => [] as string[]);
  return ids.length === 0 ? 0 : (await readLines(path.join(kitHome, 'incidents', ids[0], 'journal.jsonl'))).length;
}

async function killAt(child: ReturnType<typeof startKit>, kitHome: string, point: KillPoint): Promise<void> {
  let exited = false;
  void child.done.then(() => (exited = true));
  while (!exited && point.afterRecords > 0 && (await journalLength(kitHome)) < point.afterRecords) {
    await new Promise((r) => setTimeout(r, 8));
  }
  await new Promise((r) => setTimeout(r, point.extraMs));
  if (!exited) child.child.kill('SIGKILL');
}

async function crashAndResume(run: number, point: KillPoint): Promise<Outcome> {
  const kitHome = path.join(root, `home-${run}`);
  const effects = path.join(root, `effects-${run}.txt`);
  const env = envFor(kitHome);
  const child = startKit(['run', runbook, '--yes', '--input', `file=${effects}`], env);
  await killAt(child, kitHome, point);
  const first = await child.done;
  const where = `run ${run} (seed ${SEED}, killed ${point.extraMs} ms after record ${point.afterRecords})`;

  const ids = await fs.readdir(path.join(kitHome, 'incidents')).catch(() => [] as string[]);
  const dir = ids.length === 1 ? path.join(kitHome, 'incidents', ids[0]) : undefined;
  const started = dir ? (await journalOf(dir).catch(() => [])).some((r) => r.type === 'run.started') : false;
  if (!started) {
    // Killed before the journal began: nothing may have happened, and there is nothing to resume.
    expect(await readLines(effects), where).toEqual([]);
    return { run, resumed: false };
  }
  let resumed = false;
  if (first.code !== 0) {
    // Start-up of the CLI (~0.5-1 s of module loading on a busy 2-core machine) dominates this
    // test, so two resumes in three call the engine in-process (the very function `kit resume`
    // calls) and one in three goes through the CLI.
    if (run % 3 === 0) {
      const second = await kit(['resume', ids[0], '--yes'], env);
      expect(second.code, `${where}: kit resume failed:\n${second.stderr}`).toBe(0);
    } else {
      const second = await resumeIncident({ incidentId: ids[0], kitHome, yes: true, env });
      expect(second.status, where).toBe('succeeded');
    }
    resumed = true;
  }
  const lines = await readLines(effects);
  expect([...lines].sort(), `${where}: effects ${lines.join(', ')}`).toEqual([...KEYS].sort());
  const check = await verifyJournal(path.join(dir!, 'journal.jsonl'));
  expect(check.problems, where).toEqual([]);
  expect(check.records.at(-1)?.type, where).toBe('run.finished');
  if (run % 10 === 0) {
    const verify = await kit(['journal', 'verify', ids[0]], env);
    expect(verify.code, `${where}: ${verify.stdout}${verify.stderr}`).toBe(0);
  }
  return { run, resumed };
}

describe('crash test', () => {
  it('counts the records of an uninterrupted run (to spread the kills over its whole length)', async () => {
    const kitHome = path.join(root, 'home-full');
    const effects = path.join(root, 'effects-full.txt');
    const result = await kit(['run', runbook, '--yes', '--input', `file=${effects}`], envFor(kitHome));
    expect(result.code, result.stderr).toBe(0);
    expect(await readLines(effects)).toHaveLength(KEYS.length);
    fullRunRecords = await journalLength(kitHome);
    expect(fullRunRecords).toBeGreaterThan(KEYS.length * 3);
  });

  it(`SIGKILL at ${RUNS} random moments: every resume completes, each effect exactly once, the journal verifies`, async () => {
    const rand = random(SEED);
    // A few kills during start-up (before or while the incident is created), the rest spread
    // over every record of the run, each a few milliseconds after that record was written.
    const points: KillPoint[] = Array.from({ length: RUNS }, (_, i) =>
      i % 10 === 0 ? { afterRecords: 0, extraMs: Math.round(150 + rand() * 250) } : { afterRecords: 1 + Math.floor(rand() * fullRunRecords), extraMs: Math.round(rand() * 12) },
    );
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < RUNS) {
        const run = next++;
        outcomes.push(await crashAndResume(run, points[run]));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(outcomes).toHaveLength(RUNS);
    // The kills must really have landed mid-run, not all before or after it.
    expect(outcomes.filter((o) => o.resumed).length).toBeGreaterThan(RUNS / 2);
  }, 240_000);
});
