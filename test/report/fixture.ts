// The recorded-incident fixture: writes an incident folder with a real hash-chained journal and
// evidence files (a key-compromise run against binance/main: cancel, revoke, verify dead,
// preserve 72h of activity, flag, reissue, a Slack notification that fails with
// continue-on-error). Built by src/bench/synthetic-incident.ts, deterministic and fast, with a
// hostile client order id; it was written before the engine and exchange layers landed. The
// report of an incident recorded by the real engine against the simulator is tested in
// recorded-incident.test.ts; the lead may replace this fixture with such a recording.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordHash } from '../../src/engine/journal-hash.js';
import { writeSyntheticIncident, type SyntheticIncident, type SyntheticIncidentOptions } from '../../src/bench/synthetic-incident.js';

export { HOSTILE_CLIENT_ORDER_ID } from '../../src/bench/synthetic-incident.js';

export interface Fixture extends SyntheticIncident {
  kitHome: string;
  cleanup(): Promise<void>;
}

export async function makeIncident(options: Omit<SyntheticIncidentOptions, 'kitHome'> = {}): Promise<Fixture> {
  const kitHome = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-report-'));
  const incident = await writeSyntheticIncident({ kitHome, ...options });
  return { ...incident, kitHome, cleanup: () => fs.rm(kitHome, { recursive: true, force: true }) };
}

/** Rewrites journal.jsonl through `edit` (records as parsed objects), without fixing the chain. */
export async function editJournal(dir: string, edit: (records: Array<Record<string, any>>) => Array<Record<string, any>>): Promise<void> {
  const file = path.join(dir, 'journal.jsonl');
  const records = (await fs.readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
  await fs.writeFile(file, edit(records).map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** Recomputes seq, prev and hash, as the engine would have written the edited records. */
export function rechain(records: Array<Record<string, any>>): Array<Record<string, any>> {
  let prev = '0'.repeat(64);
  return records.map((r, i) => {
    const base = { seq: i + 1, time: r.time, type: r.type, mode: r.mode, data: r.data, prev };
    const record = { ...base, hash: recordHash(base as never) };
    prev = record.hash;
    return record;
  });
}
