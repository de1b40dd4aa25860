// The wizard's questions, each asked only when its flag was not given, through the engine's one
// prompter module. Every question has a safe default, so Enter is always a sensible answer.
import { ACCOUNT_PLACEHOLDER, readerEntries } from '../actions/exchange/reader.js';
import type { Prompter } from '../actions/types.js';
import type { LoadedRunbook } from '../runbook/schema.js';
import type { AccountRef } from '../secrets/types.js';
import { refOf, type AccountChoice } from './accounts.js';
import { DEFAULT_RUNBOOK, type RunbookOffer } from './runbooks.js';
import { parseSince, SINCE_EXAMPLES, type StartTime } from './since.js';

export const QUESTIONS = {
  accounts: 'Which accounts are affected? (space ticks, enter goes on)',
  since: `When did the trouble start? (${SINCE_EXAMPLES})`,
  runbook: 'Which response should kit run?',
  reader: 'Which read-only key may kit use to pull the evidence once the leaked key is dead?',
  go: 'Run this plan now?',
} as const;

export const DEFAULT_SINCE = '72h';

export async function askAccounts(prompter: Prompter, stored: AccountRef[]): Promise<AccountChoice[]> {
  const only = stored.length === 1;
  const refs = await prompter.checkbox(
    QUESTIONS.accounts,
    stored.map((s) => ({ value: refOf(s), name: `${refOf(s)}${s.baseUrl ? ` (at ${s.baseUrl})` : ''}`, checked: only })),
    { required: true },
  );
  return refs.map((ref) => stored.find((s) => refOf(s) === ref)!).map(({ exchange, account }) => ({ exchange, account }));
}

export async function askSince(prompter: Prompter, now: number): Promise<StartTime> {
  const validate = (v: string): true | string => {
    const parsed = parseSince(v, now);
    return parsed.ok ? true : parsed.problem;
  };
  const answer = await prompter.input(QUESTIONS.since, { default: DEFAULT_SINCE, validate });
  const parsed = parseSince(answer, now);
  // validate() already refused anything else; a prompter without validation gets the default.
  return parsed.ok ? parsed.value : (parseSince(DEFAULT_SINCE, now) as { ok: true; value: StartTime }).value;
}

export async function askRunbook(prompter: Prompter, offers: RunbookOffer[]): Promise<LoadedRunbook> {
  if (offers.length === 1) return offers[0].loaded;
  const name = await prompter.select(
    QUESTIONS.runbook,
    offers.map((o) => ({ value: o.name, name: `${o.title} (${o.name})`, description: o.loaded.runbook.description?.trim() })),
    { default: offers.some((o) => o.name === DEFAULT_RUNBOOK) ? DEFAULT_RUNBOOK : offers[0].name },
  );
  return offers.find((o) => o.name === name)!.loaded;
}

/** Stored accounts on the affected exchanges that are not themselves affected. */
export function readerCandidates(stored: AccountRef[], affected: AccountChoice[]): AccountChoice[] {
  const exchanges = new Set(affected.map((a) => a.exchange));
  const taken = new Set(affected.map(refOf));
  return stored.filter((s) => exchanges.has(s.exchange) && !taken.has(refOf(s))).map(({ exchange, account }) => ({ exchange, account }));
}

const NONE = '-';

function defaultsOf(loaded: LoadedRunbook): string | string[] | undefined {
  const spec = loaded.runbook.inputs.readers ?? loaded.runbook.inputs.reader;
  const value = spec?.default;
  return Array.isArray(value) ? value.map(String) : value === undefined ? undefined : String(value);
}

/**
 * Whether the runbook's own default already names a stored read-only account for every affected
 * account (e.g. `{account}_readonly` with binance/main_readonly stored): then there is nothing to ask.
 */
export function defaultReadersSuffice(loaded: LoadedRunbook, stored: AccountRef[], affected: AccountChoice[]): boolean {
  const entries = readerEntries(defaultsOf(loaded));
  const have = new Set(stored.map(refOf));
  return affected.every((a) =>
    entries.some((e) => {
      const applies = e.target ? e.target === refOf(a) : e.exchange ? e.exchange === a.exchange : true;
      const name = e.name.replaceAll(ACCOUNT_PLACEHOLDER, a.account);
      return applies && name !== a.account && have.has(`${a.exchange}/${name}`);
    }),
  );
}

/** Asked only when the runbook takes a reader, its default finds none, and the store holds a candidate. */
export async function askReaders(prompter: Prompter, loaded: LoadedRunbook, stored: AccountRef[], affected: AccountChoice[]): Promise<AccountChoice[]> {
  const inputs = loaded.runbook.inputs;
  const candidates = readerCandidates(stored, affected);
  if (candidates.length === 0 || !(inputs.reader || inputs.readers) || defaultReadersSuffice(loaded, stored, affected)) return [];
  const choices = candidates.map((c) => ({ value: refOf(c), name: refOf(c), checked: candidates.length === 1 }));
  const refs = inputs.readers
    ? await prompter.checkbox(QUESTIONS.reader, choices)
    : [await prompter.select(QUESTIONS.reader, [...choices, { value: NONE, name: 'None (the runbook decides)' }], { default: choices[0].value })].filter((r) => r !== NONE);
  return refs.map((ref) => candidates.find((c) => refOf(c) === ref)!);
}
