// After a fault: finish the incident (kit resume, or a new run if it never started), then check
// everything a chaos test promises and add it to the summary row: the run completes, the records
// journaled before the fault are all still there, every evidence file matches its hash, every
// write reached the exchange exactly as often as in a run without faults, and no secret leaked.
import path from 'node:path';
import { expect } from 'vitest';
import { checkIncident } from './incident-check.js';
import { incidentDirs, journalLines, journalRecords, kit, type KitResult } from './kit.js';
import { findLeaks } from './leaks.js';
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

export interface SettleOptions {
  /** Resumes allowed before giving up (a resume may itself be cut short by another fault). */
  env?: Record<string, string>;
  expectedStatus?: 'succeeded' | 'failed';
}

export async function settle(world: ChaosWorld, outputs: string[], expected: Map<string, number>, where: string, row: TallyRow, options: SettleOptions = {}): Promise<void> {
  const [dir] = await incidentDirs(world.kitHome);
  const started = dir ? (await journalRecords(dir)).some((r) => r.type === 'run.started') : false;
  await expectWritesJournaled(world, where);
  const before = dir ? await journalLines(dir) : [];
  const env = { ...world.env, ...options.env };
  let second: KitResult;
  if (started) {
    second = await kit(['resume', path.basename(dir!), '--yes'], env);
    row.runsResumed++;
  } else {
    if (dir) expect(successfulWrites(world.chaos.sim.admin.requestLog()).size, `${where}: writes before the run started`).toBe(0);
    second = await kit(world.runArgs, env);
  }
  outputs.push(second.stdout, second.stderr);
  const status = options.expectedStatus ?? 'succeeded';
  expect(second.code, `${where}: ${second.stdout.slice(-3000)}\n${second.stderr}`).toBe(status === 'succeeded' ? 0 : 1);
  row.runsCompleted++;
  const [finalDir] = await incidentDirs(world.kitHome);
  const check = await checkIncident(finalDir, [before]);
  row.recordsLost += check.recordsLost + check.evidenceLost.length;
  expect(check.journalProblems, where).toEqual([]);
  expect(check.finished, where).toBe(status);
  expect(check.recordsLost, where).toBe(0);
  expect(check.evidenceLost, where).toEqual([]);
  const writes = successfulWrites(world.chaos.sim.admin.requestLog());
  for (const [kind, count] of expected) {
    row.duplicateWrites += Math.max(0, (writes.get(kind) ?? 0) - count);
    expect(writes.get(kind), `${where}: ${kind}`).toBe(count);
  }
  const leaks = await findLeaks(world.kitHome, outputs, world.chaos.secrets);
  row.secretsLeaked += leaks.length;
  expect(leaks, where).toEqual([]);
}
