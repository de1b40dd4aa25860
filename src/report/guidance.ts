// What the operator still has to do after the run, derived from what the journal shows was
// (not) done, and the K.I.T. guide's prevention list.
import type { Report } from './schema.js';

type Todo = Report['todo'][number];

export interface GuidanceFacts {
  dryRun: boolean;
  contained: boolean;
  containReason: string | null;
  keyVerifiedDead: boolean;
  recovered: boolean;
  failedSteps: string[];
  flaggedWithdrawals: Array<{ exchange: string; id: string; amount: number; currency: string; address: string | null }>;
  exchanges: string[];
}

export function operatorTodo(facts: GuidanceFacts): Todo[] {
  const items: Todo[] = [];
  const named = facts.exchanges.join(', ');
  if (facts.dryRun) {
    items.push({ text: 'Run the runbook for real (without --dry-run): this was a dry run and nothing was changed on any exchange.', why: 'A dry run only reads and plans; the leaked key still works.', done: false });
  }
  items.push(facts.keyVerifiedDead
    ? { text: 'The leaked key is verified dead.', why: 'kit checked that the exchange rejects it.', done: true }
    : { text: `Delete the leaked key on ${named ? `${named}'s` : "the exchange's"} API management page now, then check that it is rejected (kit's key.verify-revoked step).`, why: facts.containReason ?? 'The key was not verified dead.', done: false });
  for (const w of facts.flaggedWithdrawals) {
    items.push({
      text: `Contact ${w.exchange} support about withdrawal ${w.id} (${w.amount} ${w.currency}${w.address ? ` to ${w.address}` : ''}).`,
      why: 'A pending withdrawal can sometimes be stopped, and a sent one traced, if the exchange hears quickly.', done: false,
    });
  }
  if (facts.failedSteps.length > 0) {
    items.push({ text: `Finish what the failed steps did not do: ${facts.failedSteps.join(', ')}.`, why: 'Each failure and its error are listed under Actions.', done: false });
  }
  items.push(
    { text: `Change the password of your ${named || 'exchange'} account${facts.exchanges.length > 1 ? 's' : ''}.`, why: 'Keys leak together with passwords: phishing pages, malware and stolen .env files take both.', done: false },
    { text: 'Check two-factor authentication: re-enrol the authenticator or security key, and sign out every session and device you do not recognise.', why: 'Withdrawals and new keys need 2FA; an attacker with your 2FA can undo the containment.', done: false },
    { text: 'Review every other API key on the account and its sub-accounts; delete the ones you do not recognise and rotate the ones you keep.', why: 'Attackers create their own keys to keep access after the leaked one is gone.', done: false },
    { text: 'Find the root cause before trusting the new key: where was the old key stored and who could read it (a .env in git, a third-party bot service, a shared machine, malware)?', why: 'A new key stored the same way leaks the same way.', done: false },
  );
  items.push(facts.recovered
    ? { text: 'A replacement key was issued; move your bots to it and confirm they trade normally.', why: 'kit issued it with the permissions shown under Actions.', done: true }
    : { text: 'Issue a replacement key only after the root cause is fixed: trade-only, no withdrawals, restricted to your bot\'s IP address.', why: 'No key.reissue step succeeded in this run.', done: false });
  return items;
}

/** The K.I.T. security guide's prevention list, with the kit command that helps where there is one. */
export const PREVENTION: Report['prevention'] = [
  { text: 'Keep withdrawals disabled on every trading key.', how: 'Without withdrawal permission a stolen key cannot move funds out; `kit check` flags keys that can withdraw.' },
  { text: 'Restrict every key to your servers\' IP addresses.', how: 'A key that only works from your IP is useless elsewhere; set it on the exchange\'s API page.' },
  { text: 'Give each key the least permissions it needs.', how: 'Read-only for dashboards and tax tools; spot trading only for a spot bot.' },
  { text: 'Rotate keys every 3 to 6 months.', how: 'Run the key-rotation runbook as a scheduled drill so it stays practised.' },
  { text: 'Store keys encrypted, or in a secrets manager.', how: '`kit config encrypt`, or `kit config --secrets-manager aws|vault`.' },
  { text: 'Never commit a .env file.', how: 'Add .env to .gitignore and scan the repository history for keys already committed.' },
  { text: 'Use a separate key for each bot or service.', how: 'One leak then means one key to revoke, and the journal shows which bot it was.' },
  { text: 'Read the audit logs regularly.', how: '`kit logs --type api --days 7` lists recent API activity; look for trades and keys you do not recognise.' },
];
