// What a shipped runbook runs against in these tests: the simulator seeded with a scenario, a
// throwaway KIT_HOME, and a .env (KIT_ENV_FILE) holding each account's leaked key under the
// account's name and its read-only key under <account>_readonly, each with the simulator's URL.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIncident, type RunIncidentOptions } from '../../src/engine/index.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';
import { keyFingerprint, loadScenario, startSimulator, type SimCredential, type SimHandle } from '../../src/sim/index.js';
import { journalOf } from '../engine/helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TWO_EXCHANGES = path.join(here, 'fixtures', 'two-exchanges.yaml');
/** The accounts of TWO_EXCHANGES, as runbooks take them. */
export const ACCOUNTS = ['binance/alpha', 'bybit/beta'];

export interface RunbookWorld {
  sim: SimHandle;
  root: string;
  kitHome: string;
  envFile: string;
  credential(target: string, keyName: string): SimCredential;
  run(runbook: string, inputs: RunIncidentOptions['inputs'], options?: Partial<RunIncidentOptions>): ReturnType<typeof runIncident>;
  journal(incidentDir: string): Promise<JournalRecord[]>;
  /** Exchange requests (not the admin's) that change something, since the world started or `from`. */
  mutatingRequests(from?: number): string[];
  close(): Promise<void>;
}

function envPrefix(exchange: string, account: string): string {
  return `${exchange}_${account}`.toUpperCase();
}

export async function runbookWorld(options: { scenario?: string; readers?: boolean } = {}): Promise<RunbookWorld> {
  const sim = await startSimulator({ scenario: await loadScenario(options.scenario ?? TWO_EXCHANGES) });
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-runbooks-'));
  const kitHome = path.join(root, 'home');
  const envFile = path.join(root, '.env');
  const credential = (target: string, keyName: string): SimCredential => {
    const [exchange, account] = target.split('/');
    const found = sim.admin.credentials().find((c) => c.exchange === exchange && c.account === account && c.name === keyName);
    if (!found) throw new Error(`the scenario has no key ${target}/${keyName}`);
    return found;
  };
  const lines: string[] = [];
  for (const target of new Set(sim.admin.groundTruth().leakedKeys.map((k) => `${k.exchange}/${k.account}`))) {
    const [exchange, account] = target.split('/');
    const entries: Array<[string, SimCredential]> = [[account, credential(target, 'grid-bot')]];
    if (options.readers !== false) entries.push([`${account}_readonly`, credential(target, 'read-only')]);
    for (const [name, key] of entries) {
      const p = envPrefix(exchange, name);
      lines.push(`${p}_API_KEY=${key.apiKey}`, `${p}_SECRET=${key.secret}`, `${p}_BASE_URL=${sim.baseUrl}`);
    }
  }
  await fs.writeFile(envFile, lines.join('\n') + '\n', { mode: 0o600 });
  const before = process.env.KIT_ENV_FILE;
  process.env.KIT_ENV_FILE = envFile;
  return {
    sim,
    root,
    kitHome,
    envFile,
    credential,
    run: (runbook, inputs, extra = {}) => runIncident({ runbookFile: runbook, inputs, kitHome, yes: true, interactive: false, env: {}, ...extra }),
    journal: journalOf,
    mutatingRequests: (from = 0) => sim.admin.requestLog().slice(from).filter((r) => r.exchange !== 'admin' && r.mutating).map((r) => `${r.method} ${r.path}`),
    async close() {
      if (before === undefined) delete process.env.KIT_ENV_FILE;
      else process.env.KIT_ENV_FILE = before;
      await sim.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** The fingerprint of each account's leaked (grid-bot) key, by `exchange/account`. */
export function leakedFingerprints(world: RunbookWorld): Record<string, string> {
  return Object.fromEntries(ACCOUNTS.map((target) => [target, keyFingerprint(world.credential(target, 'grid-bot').apiKey)]));
}
