// After a fault: finish the incident (kit resume, or a new run if it never started), then check
// everything a chaos test promises and add it to the summary row: the run completes, the records
// journaled before the fault are all still there, every evidence file matches its hash, every
// write reached the exchange exactly as often as in a run without faults, and no secret leaked.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { checkIncident } from './incident-check.js';
import { incidentDirs, journalLines, journalRecords, kit, type KitResult } from './kit.js';
import { scanForLeaks, type LeakScan } from './leaks.js';
import { successfulWrites, type ChaosSim } from './sim.js';
import type { TallyRow } from '../summary/tally.js';

export interface ChaosWorld {
  chaos: ChaosSim;
  kitHome: string;
  env: Record<string, string>;
  runArgs: string[];
  /** The runbook's write steps and the request each makes. */
  writeSteps: Record<string, string>;
}

/** Every write the exchange saw was announced in the journal first (a step.started of its step). */
export async function expectWritesJournaled(world: ChaosWorld, where: string): Promise<void> {
  const [dir] = await incidentDirs(world.kitHome);
  const started = new Set((dir ? await journalRecords(dir) : []).filter((r) => r.type === 'step.started').map((r) => (r.data as { stepId: string }).stepId.split('[')[0]));
  const writes = successfulWrites(world.chaos.sim.admin.requestLog());
  for (const [step, kind] of Object.entries(world.writeSteps)) {
    if ((writes.get(kind) ?? 0) > 0) expect(started.has(step), `${where}: ${kind} reached the exchange without ${step} in the journal`).toBe(true);
  }
}

/**
 * The incident that started (a kill during start-up may leave a folder without a journal beside
 * the incident of the run that followed; ids in one minute sort by their random suffix).
 */
async function startedIncident(kitHome: string): Promise<string> {
  for (const dir of await incidentDirs(kitHome)) {
    const records = await journalRecords(dir).catch(() => []);
    if (records.some((r) => r.type === 'run.started')) return dir;
  }
  throw new Error(`no incident under ${kitHome} has started`);
}

/**
 * The report says what could not be done: every step (or item of a for-each step) that ended
 * failed or skipped in the journal is in the report with that status and its reason, and every
 * interruption (a stop for the disk or an unreachable exchange) is in its timeline.
 */
export async function expectReportTellsWhatWasNotDone(dir: string, where: string): Promise<void> {
  const records = await journalRecords(dir);
  const final = new Map<string, string>();
  for (const r of records) {
    const d = r.data as { stepId?: string; willRetry?: boolean; done?: boolean };
    if (!d.stepId) continue;
    if (r.type === 'step.succeeded' || (r.type === 'step.reconciled' && d.done)) final.set(d.stepId, 'succeeded');
    else if (r.type === 'step.failed' && !d.willRetry) final.set(d.stepId, 'failed');
    else if (r.type === 'step.skipped') final.set(d.stepId, 'skipped');
  }
  const json = JSON.parse(await fs.readFile(path.join(dir, 'report.json'), 'utf8')) as { steps: Array<{ id: string; status: string; result: string }> };
  const md = await fs.readFile(path.join(dir, 'report.md'), 'utf8');
  for (const [stepId, status] of final) {
    if (status === 'succeeded' || stepId === 'report') continue;
    const step = json.steps.find((s) => s.id === stepId);
    expect(step?.status, `${where}: the report on ${stepId}`).toBe(status);
    expect(step?.result, `${where}: the report gives no reason for ${stepId}`).toMatch(status === 'failed' ? /failed/ : /skipped: \S/);
    // Markdown escapes brackets and the like (`reissue\\[bybit/main\\]`): compare unescaped.
    expect(md.split('\n').map((line) => line.replace(/\\(.)/g, '$1')).some((line) => line.includes(`**${stepId}**`) && line.includes(status)), `${where}: report.md has no ${status} row for ${stepId}`).toBe(true);
  }
  const interruptions = records.filter((r) => r.type === 'run.interrupted').length;
  expect(md.split('Run interrupted: ').length - 1, `${where}: interruptions in the report's timeline`).toBe(interruptions);
}

/**
 * The leak scan searched for the secrets kit was given, read the incident's journal, evidence,
 * report and the audit log, and found the canary (the incident id) in the journal, the report,
 * the audit log and, when a kit process ran to its end, in kit's output (a process killed early
 * may not have printed it yet): a scan that reads nothing would pass every leak check.
 */
export function expectScanNotVacuous(world: ChaosWorld, scan: LeakScan, id: string, where: string, outputHasId: boolean): void {
  const given = Object.entries(world.env).filter(([name]) => /_(SECRET|API_KEY)$/.test(name)).map(([, value]) => value);
  expect(given.length, where).toBeGreaterThan(0);
  for (const value of given) expect(world.chaos.secrets.includes(value), `${where}: a key kit was given is not searched for`).toBe(true);
  const incident = `incidents/${id}/`;
  for (const wanted of [`${incident}journal.jsonl`, `${incident}report.md`, `${incident}evidence/`, 'audit/']) {
    expect(scan.files.some((f) => f.startsWith(wanted)), `${where}: the leak scan did not read ${wanted} (${scan.files.join(', ')})`).toBe(true);
  }
  for (const wanted of [`${incident}journal.jsonl`, `${incident}report.md`, 'audit/', ...(outputHasId ? ['output '] : [])]) {
    expect(scan.canaryIn.some((f) => f.startsWith(wanted)), `${where}: the canary was not found in ${wanted} (found in ${scan.canaryIn.join(', ')})`).toBe(true);
  }
}

export interface SettleOptions {
  /** Resumes allowed before giving up (a resume may itself be cut short by another fault). */
  env?: Record<string, string>;
  expectedStatus?: 'succeeded' | 'failed';
  /** The outputs include one of a kit process that ran to its end (it printed the incident id). */
  outputHasId?: boolean;
}

export async function settle(world: ChaosWorld, outputs: string[], expected: Map<string, number>, where: string, row: TallyRow, options: SettleOptions = {}): Promise<void> {
  const [dir] = await incidentDirs(world.kitHome);
  const started = dir ? (await journalRecords(dir)).some((r) => r.type === 'run.started') : false;
  await expectWritesJournaled(world, where);
  const before = dir ? await journalLines(dir) : [];
  const env = { ...world.env, ...options.env };
  const finished = dir ? (await journalRecords(dir)).at(-1)?.type === 'run.finished' : false;
  let second: KitResult | undefined;
  if (finished) {
    // Nothing to finish: only the checks below.
  } else if (started) {
    second = await kit(['resume', path.basename(dir!), '--yes'], env);
    row.runsResumed++;
  } else {
    if (dir) expect(successfulWrites(world.chaos.sim.admin.requestLog()).size, `${where}: writes before the run started`).toBe(0);
    second = await kit(world.runArgs, env);
  }
  const status = options.expectedStatus ?? 'succeeded';
  if (second) {
    outputs.push(second.stdout, second.stderr);
    expect(second.code, `${where}: ${second.stdout.slice(-3000)}\n${second.stderr}`).toBe(status === 'succeeded' ? 0 : 1);
  }
  const finalDir = await startedIncident(world.kitHome);
  const check = await checkIncident(finalDir, [before]);
  row.recordsLost += check.recordsLost + check.evidenceLost.length;
  expect(check.journalProblems, where).toEqual([]);
  expect(check.finished, where).toBe(status);
  // One incident brought to its end (by itself, or by the resume or run above).
  row.runsCompleted++;
  expect(check.recordsLost, where).toBe(0);
  expect(check.evidenceLost, where).toEqual([]);
  await expectReportTellsWhatWasNotDone(finalDir, where);
  const writes = successfulWrites(world.chaos.sim.admin.requestLog());
  for (const [kind, count] of expected) {
    row.duplicateWrites += Math.max(0, (writes.get(kind) ?? 0) - count);
    expect(writes.get(kind), `${where}: ${kind}`).toBe(count);
  }
  const id = path.basename(finalDir);
  const scan = await scanForLeaks(world.kitHome, outputs, world.chaos.secrets, id);
  row.secretsLeaked += scan.found.length;
  expect(scan.found, where).toEqual([]);
  expectScanNotVacuous(world, scan, id, where, second !== undefined || options.outputHasId === true);
}
