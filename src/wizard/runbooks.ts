// Which runbooks the wizard can offer: the valid ones that take exchange accounts (an
// `accounts` list, or `exchange` + `account`). A runbook given by flag is loaded as it is, and
// refused with a clear reason when it takes no account.
import { UsageError } from '../errors.js';
import { findRunbook, listRunbooks } from '../runbook/find.js';
import { loadRunbookFile } from '../runbook/load.js';
import type { LoadedRunbook } from '../runbook/schema.js';

export const DEFAULT_RUNBOOK = 'key-compromise';

/** Whether the runbook says which exchange accounts it acts on. */
export function takesAccounts(loaded: LoadedRunbook): boolean {
  const inputs = loaded.runbook.inputs;
  return 'accounts' in inputs || 'exchange' in inputs;
}

export async function loadChosenRunbook(nameOrFile: string, kitHome: string): Promise<LoadedRunbook> {
  const loaded = await loadRunbookFile(await findRunbook(nameOrFile, kitHome));
  if (!takesAccounts(loaded)) {
    throw new UsageError(`runbook ${loaded.runbook.name} takes no exchange account (no "accounts" or "exchange" input), so kit incident cannot point it at one`, {
      hint: `Run it with \`kit run ${nameOrFile}\`.`,
    });
  }
  return loaded;
}

export interface RunbookOffer {
  name: string;
  title: string;
  loaded: LoadedRunbook;
}

/** The valid account-taking runbooks, the default first; shadowed user copies left out. */
export async function offeredRunbooks(kitHome: string): Promise<RunbookOffer[]> {
  const offers: RunbookOffer[] = [];
  for (const entry of await listRunbooks(kitHome)) {
    if (entry.errors > 0 || entry.shadowed) continue;
    const loaded = await loadRunbookFile(entry.file).catch(() => undefined);
    if (loaded && takesAccounts(loaded)) offers.push({ name: entry.name, title: loaded.runbook.title ?? entry.name, loaded });
  }
  return offers.sort((a, b) => Number(b.name === DEFAULT_RUNBOOK) - Number(a.name === DEFAULT_RUNBOOK));
}

export function noRunbookError(kitHome: string): UsageError {
  return new UsageError('no valid runbook takes exchange accounts, so kit incident has nothing to run', {
    hint: `Check the shipped runbooks with \`kit runbook lint ${DEFAULT_RUNBOOK}\`, or put your own in ${kitHome}/runbooks.`,
  });
}
