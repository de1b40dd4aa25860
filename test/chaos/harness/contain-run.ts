// One incident of the write-heavy containment runbook (test/chaos/fixtures/contain.yaml) against
// a fresh simulator: the environment, the command lines, and the write each step makes.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioDoc, startChaosSim, type ChaosSim, type ScenarioDoc } from './sim.js';

export const CONTAIN_RUNBOOK = fileURLToPath(new URL('../fixtures/contain.yaml', import.meta.url));
/** The runbook's write steps and the request each makes on Bybit. */
export const WRITE_STEPS: Record<string, string> = { 'cancel-orders': 'POST /v5/order/cancel-all', revoke: 'POST /v5/user/delete-api' };

export interface ContainWorld {
  chaos: ChaosSim;
  kitHome: string;
  env: Record<string, string>;
  runArgs: string[];
}

export async function containWorld(root: string, name: string, change?: (doc: ScenarioDoc) => void): Promise<ContainWorld> {
  const doc = scenarioDoc('compromise-bybit');
  change?.(doc);
  const chaos = await startChaosSim(doc);
  const kitHome = mkdtempSync(path.join(root, `${name}-`));
  return {
    chaos,
    kitHome,
    env: { KIT_HOME: kitHome, ...chaos.accountEnv('main', 'main', 'grid-bot'), ...chaos.accountEnv('reader', 'main', 'read-only') },
    runArgs: ['run', CONTAIN_RUNBOOK, '--yes', '--input', 'exchange=bybit'],
  };
}

export function tempRoot(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
