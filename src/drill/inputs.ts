// Maps what a drill knows (its accounts, how far back to look) onto whatever inputs the chosen
// runbook declares, so a drill runs the shipped runbooks and a user's own alike.
import { UsageError } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';
import type { DrillAccount } from './accounts.js';

export type DrillInputs = Record<string, string | string[] | number | boolean>;

export function drillInputs(runbook: Runbook, accounts: readonly DrillAccount[], since: string, verifyDeadline?: string): DrillInputs {
  const declared = runbook.inputs ?? {};
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(declared, name);
  const given: DrillInputs = {};
  if (has('accounts')) {
    given.accounts = accounts.map((a) => a.target);
  } else if (has('exchange')) {
    if (accounts.length !== 1) {
      throw new UsageError(`runbook ${runbook.name} responds for one account, and this scenario has ${accounts.length} leaked keys (${accounts.map((a) => a.target).join(', ')})`, {
        hint: 'Use a runbook with an `accounts` list input (key-compromise does), or a scenario with one leaked key.',
      });
    }
    given.exchange = accounts[0].exchange;
    if (has('account')) given.account = accounts[0].account;
  }
  if (has('since')) given.since = since;
  if (has('verify-deadline') && verifyDeadline) given['verify-deadline'] = verifyDeadline;
  if (has('readers')) given.readers = accounts.filter((a) => a.reader).map((a) => `${a.target}=${a.reader}`);
  if (has('reader') && accounts.length === 1 && accounts[0].reader) given.reader = accounts[0].reader;
  return given;
}
