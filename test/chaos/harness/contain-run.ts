// Incidents for the chaos tests against a fresh simulator (compromise-bybit: the leaked key can
// delete itself through the API, and a read-only key pulls the evidence afterwards).
//   contain: test/chaos/fixtures/contain.yaml, the write-heavy part alone (disk tests);
//   key-compromise: the shipped runbook, whole (crashes, exchange faults).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { incidentDirs, journalRecords, kit } from './kit.js';
import { scenarioDoc, startChaosSim, successfulWrites, type ScenarioDoc } from './sim.js';
import type { ChaosWorld } from './settle.js';

export const CONTAIN_RUNBOOK = fileURLToPath(new URL('../fixtures/contain.yaml', import.meta.url));
/** The write steps and the request each makes on Bybit. */
export const WRITE_STEPS: Record<string, string> = { 'cancel-orders': 'POST /v5/order/cancel-all', revoke: 'POST /v5/user/delete-api' };

export type WorldKind = 'contain' | 'key-compromise';

export async function chaosWorld(root: string, name: string, kind: WorldKind, change?: (doc: ScenarioDoc) => void): Promise<ChaosWorld> {
  const doc = scenarioDoc('compromise-bybit');
  // A week of history keeps each run's sweep short; the attack is in the last hours anyway.
  doc.historyDays = 7;
  change?.(doc);
  const chaos = await startChaosSim(doc);
  const kitHome = mkdtempSync(path.join(root, `${name}-`));
  const env = { KIT_HOME: kitHome, ...chaos.accountEnv('main', 'main', 'grid-bot'), ...chaos.accountEnv('reader', 'main', 'read-only') };
  const runArgs = kind === 'contain'
    ? ['run', CONTAIN_RUNBOOK, '--yes', '--input', 'exchange=bybit']
    // No new key: from the command line nobody creates it on the exchange's page (drills do, in-process).
    : ['run', 'key-compromise', '--yes', '--input', 'accounts=bybit/main', '--input', 'readers=bybit/main=reader', '--input', 'strategy=api-delete', '--input', 'verify-deadline=20s', '--input', 'reissue=false'];
  return { chaos, kitHome, env, runArgs, writeSteps: WRITE_STEPS };
}

export function tempRoot(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A run without faults: the writes it makes (by kind) are what every faulted run must end with,
 * and its journal length spreads the crash test's kills. Throws if the run does not succeed.
 */
export async function baselineRun(root: string, kind: WorldKind): Promise<{ writes: Map<string, number>; records: number; steps: string[] }> {
  const world = await chaosWorld(root, 'baseline', kind);
  try {
    const result = await kit(world.runArgs, world.env);
    if (result.code !== 0) throw new Error(`the baseline run failed (exit ${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr}`);
    const writes = successfulWrites(world.chaos.sim.admin.requestLog());
    if ([...writes.keys()].sort().join() !== Object.values(world.writeSteps).sort().join()) throw new Error(`the baseline run made other writes than expected: ${[...writes.keys()].join(', ')}`);
    const [dir] = await incidentDirs(world.kitHome);
    const records = await journalRecords(dir);
    // The steps that did something (started), in order: where the crash test's kills must land.
    const steps = [...new Set(records.filter((r) => r.type === 'step.started').map((r) => (r.data as { stepId: string }).stepId.split('[')[0]))];
    return { writes, records: records.length, steps };
  } finally {
    await world.chaos.close();
  }
}
