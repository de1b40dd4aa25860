// The simulated exchange for chaos tests: started in the test process from a shipped scenario
// (optionally changed: faults, latency, clock offset, more accounts), with the environment a
// spawned kit needs to reach it with an account's key.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { parseScenario } from '../../../src/sim/scenario/load.js';
import { startSimulator, type SimCredential, type SimHandle } from '../../../src/sim/index.js';
import type { RequestLogEntry } from '../../../src/sim/server/log.js';

export type ScenarioDoc = Record<string, unknown> & { accounts: Array<Record<string, unknown>>; faults?: Record<string, unknown> };

export interface ChaosSim {
  sim: SimHandle;
  /** Every key secret and api key the scenario holds: none may ever appear in kit's files or output. */
  secrets: string[];
  /** KIT env for a stored account `as` that uses the scenario key `key` of `account`. */
  accountEnv(as: string, account: string, key: string): Record<string, string>;
  credential(account: string, key: string): SimCredential;
  close(): Promise<void>;
}

/** A shipped scenario as a plain document, to change before starting. */
export function scenarioDoc(name: string): ScenarioDoc {
  return parse(readFileSync(new URL(`../../../scenarios/${name}.yaml`, import.meta.url), 'utf8')) as ScenarioDoc;
}

export async function startChaosSim(doc: ScenarioDoc): Promise<ChaosSim> {
  const scenario = parseScenario(stringify(doc), `chaos-${String(doc.name)}.yaml`);
  const sim = await startSimulator({ scenario });
  const credentials = sim.admin.credentials();
  const credential = (account: string, key: string): SimCredential => {
    const found = credentials.find((c) => c.account === account && c.name === key);
    if (!found) throw new Error(`scenario ${String(doc.name)} has no key ${key} in account ${account}`);
    return found;
  };
  return {
    sim,
    secrets: credentials.flatMap((c) => [c.secret, c.apiKey]),
    credential,
    accountEnv(as, account, key) {
      const c = credential(account, key);
      const prefix = `${c.exchange.toUpperCase()}_${as.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      return { [`${prefix}_API_KEY`]: c.apiKey, [`${prefix}_SECRET`]: c.secret, [`${prefix}_BASE_URL`]: sim.baseUrl };
    },
    close: () => sim.close(),
  };
}

/** Mutating requests the exchange answered with success, counted by kind (`DELETE /api/v3/openOrders`). */
export function successfulWrites(log: readonly RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    if (!entry.mutating || entry.exchange === 'admin' || entry.status < 200 || entry.status >= 300 || entry.fault) continue;
    const kind = `${entry.method} ${entry.path}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}
