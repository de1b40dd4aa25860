// What a person in trouble has when they run `kit incident`: the simulator (scenario
// `compromise`: a Binance account whose grid-bot key leaked, with a read-only key beside it),
// a .env holding both keys (the read-only one stored as binance/reader) and an empty KIT_HOME.
// The wizard runs the shipped runbooks.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenario, startSimulator, type SimCredential, type SimHandle } from '../../src/sim/index.js';
import { journalOf } from '../engine/helpers.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';


export interface WizardWorld {
  sim: SimHandle;
  root: string;
  kitHome: string;
  envFile: string;
  /** KIT_HOME and KIT_ENV_FILE for the CLI. */
  env: NodeJS.ProcessEnv;
  leaked: SimCredential;
  reader: SimCredential;
  /** Whether the leaked key is deleted in the simulator. */
  leakedKeyDead(): boolean;
  /** The one incident folder under KIT_HOME (fails when there is none or several). */
  incidentDir(): Promise<string>;
  journal(): Promise<JournalRecord[]>;
  close(): Promise<void>;
}

function credential(sim: SimHandle, name: string): SimCredential {
  const found = sim.admin.credentials().find((c) => c.account === 'main' && c.name === name);
  if (!found) throw new Error(`scenario compromise has no key main/${name}`);
  return found;
}

export async function wizardWorld(options: { storeAccounts?: boolean } = {}): Promise<WizardWorld> {
  const sim = await startSimulator({ scenario: loadScenario('compromise') });
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-wizard-'));
  const kitHome = path.join(root, 'home');
  const envFile = path.join(root, '.env');
  const leaked = credential(sim, 'grid-bot');
  const reader = credential(sim, 'read-only');
  const lines = options.storeAccounts === false
    ? []
    : [
        `BINANCE_MAIN_API_KEY=${leaked.apiKey}`, `BINANCE_MAIN_SECRET=${leaked.secret}`, `BINANCE_MAIN_BASE_URL=${sim.baseUrl}`,
        `BINANCE_READER_API_KEY=${reader.apiKey}`, `BINANCE_READER_SECRET=${reader.secret}`, `BINANCE_READER_BASE_URL=${sim.baseUrl}`,
      ];
  await fs.writeFile(envFile, lines.join('\n') + '\n', { mode: 0o600 });
  const incidentDir = async (): Promise<string> => {
    const ids = await fs.readdir(path.join(kitHome, 'incidents'));
    if (ids.length !== 1) throw new Error(`expected one incident, found ${ids.join(', ') || 'none'}`);
    return path.join(kitHome, 'incidents', ids[0]);
  };
  return {
    sim, root, kitHome, envFile, leaked, reader, incidentDir,
    env: { KIT_HOME: kitHome, KIT_ENV_FILE: envFile },
    leakedKeyDead: () => sim.state.keys().some((k) => k.name === 'grid-bot' && k.deletedAt !== null),
    journal: async () => journalOf(await incidentDir()),
    close: async () => {
      await sim.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
