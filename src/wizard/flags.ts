// The flags of `kit incident`, one for each question, and what a run without a terminal must
// be told up front: it never waits for an answer nobody can give.
import { UsageError } from '../errors.js';
import type { AccountChoice } from './accounts.js';
import { parseSince, type StartTime } from './since.js';

export interface WizardFlags {
  accounts?: string;
  exchange?: string;
  account?: string;
  since?: string;
  runbook?: string;
  reader?: string;
  notifyTo?: string;
  /** `--input name=value` for any other input of the runbook. */
  input: string[];
  yes: boolean;
  dryRun: boolean;
}

export function startFromFlag(raw: string, now: number): StartTime {
  const parsed = parseSince(raw, now);
  if (!parsed.ok) throw new UsageError(`--since ${raw}: ${parsed.problem}`, { hint: 'For example: --since 72h, --since 90m, --since 2026-03-07T09:30Z.' });
  return parsed.value;
}

/**
 * Without a terminal nobody can answer: every flag standing in for a question without a default
 * must be there, and --yes in place of the one confirmation (a dry run changes nothing, so it
 * needs none). All the missing ones are listed at once.
 */
export function requireFlagsWithoutTerminal(flags: WizardFlags, accounts: AccountChoice[] | undefined, storedHint: string): void {
  const missing: string[] = [];
  if (!accounts) missing.push('--accounts <exchange/account,...>   the affected accounts (or --exchange <id> [--account <name>])');
  if (!flags.yes && !flags.dryRun) missing.push('--yes                              approve the plan (kit cannot ask for it here), or --dry-run to change nothing');
  if (missing.length === 0) return;
  throw new UsageError(`kit incident cannot ask its questions here (no terminal, or CI); it needs:\n${missing.map((m) => `  ${m}`).join('\n')}`, {
    hint: [
      'For example: kit incident --accounts binance/main --yes',
      'Optional: --since <72h|90m|ISO time> (default 72h), --runbook <name> (default key-compromise), --reader <exchange/account>, --notify-to <address>, --dry-run.',
      ...(storedHint ? [storedHint] : []),
    ].join('\n  '),
    details: { missing: missing.map((m) => m.split(' ')[0]) },
  });
}
