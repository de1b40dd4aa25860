// Incidents for the chaos tests against a fresh simulator (compromise-bybit: the leaked key can
// delete itself through the API, and a read-only key pulls the evidence afterwards).
//   contain: test/chaos/fixtures/contain.yaml, the write-heavy part alone (disk tests);
//   key-compromise: the shipped runbook, whole (crashes, exchange faults).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioDoc, startChaosSim, type ScenarioDoc } from './sim.js';
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
    : ['run', 'key-compromise', '--yes', '--input', 'exchange=bybit', '--input', 'reader=reader', '--input', 'strategy=api-delete', '--input', 'verify-deadline=20s'];
  return { chaos, kitHome, env, runArgs, writeSteps: WRITE_STEPS };
}

export function tempRoot(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
