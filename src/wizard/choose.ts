// What the incident is about: the flags first, then a question for each thing they left open,
// in order (accounts, when it started, which runbook, the read-only key). A question whose answer
// cannot matter is not asked: no start time for a runbook that takes none, no runbook choice when
// only one fits, no reader when the store holds no other account on that exchange.
import type { Prompter } from '../actions/types.js';
import type { LoadedRunbook } from '../runbook/schema.js';
import { describeStore, openStore } from '../secrets/open-store.js';
import type { AccountRef } from '../secrets/types.js';
import { accountsFromFlags, checkStored, emptyStoreError, parseAccountRef, refOf, type AccountChoice } from './accounts.js';
import { startFromFlag, type WizardFlags } from './flags.js';
import { askAccounts, askReaders, askRunbook, askSince } from './questions.js';
import { loadChosenRunbook, noRunbookError, offeredRunbooks, type RunbookOffer } from './runbooks.js';
import type { StartTime } from './since.js';

export interface Chosen {
  loaded: LoadedRunbook;
  accounts: AccountChoice[];
  /** Undefined: the runbook's default. */
  start?: StartTime;
  readers: AccountChoice[];
}

export interface ChooseEnvironment {
  kitHome: string;
  /** Where the credential store's settings come from (KIT_ENV_FILE, ...); process.env by default. */
  env?: NodeJS.ProcessEnv;
  warn(message: string): void;
}

/** For the no-terminal error: which accounts could be named. Never fails, never asks. */
export async function storedAccountsHint(where: ChooseEnvironment): Promise<string> {
  try {
    const stored = await (await openStore(where.kitHome, { interactive: false, env: where.env })).list();
    return stored.length > 0 ? `Accounts in the credential store: ${stored.map(refOf).join(', ')}.` : 'The credential store holds no accounts yet: kit connect <exchange> stores one.';
  } catch {
    return '';
  }
}

async function storedAccounts(where: ChooseEnvironment, prompter: Prompter): Promise<{ stored: AccountRef[]; storeName: string }> {
  // An encrypted store asks for its master password through the same prompter.
  const store = await openStore(where.kitHome, { interactive: prompter.interactive, ask: (m) => prompter.password(m), warn: where.warn, env: where.env });
  const stored = await store.list();
  if (stored.length === 0) throw emptyStoreError(describeStore(store));
  return { stored, storeName: describeStore(store) };
}

function takesSince(loaded: LoadedRunbook): boolean {
  return 'since' in loaded.runbook.inputs;
}

/** Without a person to ask: the default runbook, or the first that fits. */
function defaultOffer(offers: RunbookOffer[]): LoadedRunbook {
  return offers[0].loaded;
}

export async function chooseIncident(where: ChooseEnvironment, flags: WizardFlags, prompter: Prompter, now: number): Promise<Chosen> {
  // Every flag is checked before the first question: a typo fails at once, not after answering.
  const flagAccounts = accountsFromFlags(flags);
  const flagStart = flags.since !== undefined ? startFromFlag(flags.since, now) : undefined;
  const flagReaders = flags.reader?.split(',').filter((r) => r.trim() !== '').map(parseAccountRef);
  const flagRunbook = flags.runbook !== undefined ? await loadChosenRunbook(flags.runbook, where.kitHome) : undefined;
  const offers = flagRunbook ? [] : await offeredRunbooks(where.kitHome);
  if (!flagRunbook && offers.length === 0) throw noRunbookError(where.kitHome);

  const { stored, storeName } = await storedAccounts(where, prompter);
  if (flagReaders) checkStored(flagReaders, stored, storeName);
  const accounts = flagAccounts ?? (await askAccounts(prompter, stored));
  checkStored(accounts, stored, storeName);

  const mayTakeSince = flagRunbook ? takesSince(flagRunbook) : offers.some((o) => takesSince(o.loaded));
  const asked = flagStart === undefined && prompter.interactive && mayTakeSince ? await askSince(prompter, now) : undefined;
  const loaded = flagRunbook ?? (prompter.interactive ? await askRunbook(prompter, offers) : defaultOffer(offers));
  const readers = flagReaders ?? (prompter.interactive ? await askReaders(prompter, loaded, stored, accounts) : []);
  // A start asked before the runbook was chosen is dropped if that runbook takes none; one given
  // by flag is kept, so that the mapping says the runbook cannot take it.
  return { loaded, accounts, start: flagStart ?? (asked && takesSince(loaded) ? asked : undefined), readers };
}
