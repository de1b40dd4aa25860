// `kit disconnect <exchange>`: remove the stored credentials, and say plainly that the key still
// exists on the exchange (and works for anyone holding a copy) until it is deleted there.
import { appendAudit } from '../audit/audit-log.js';
import type { CliContext } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { keyFingerprint } from '../secrets/fingerprint.js';
import { checkAccountName, checkExchangeId } from '../secrets/names.js';
import { describeStore, openStore } from '../secrets/open-store.js';
import type { CredentialStore } from '../secrets/types.js';
import { keyInfo } from './key-pages.js';

export async function runDisconnect(ctx: CliContext, exchangeArg: string, options: { account?: string }, deps: { store?: CredentialStore } = {}): Promise<void> {
  const exchange = checkExchangeId(exchangeArg);
  const account = checkAccountName(options.account);
  const warnings: string[] = [];
  const store = deps.store ?? (await openStore(ctx.kitHome, { interactive: ctx.interactive, warn: (m) => warnings.push(m) }));
  const existing = await store.get(exchange, account);
  if (!existing) {
    const stored = (await store.list()).map((r) => `${r.exchange}/${r.account}`);
    throw new UsageError(`no credentials are stored for ${exchange}/${account} in ${describeStore(store)}`, {
      hint: stored.length > 0 ? `Stored accounts: ${stored.join(', ')}. Use --account to pick one.` : 'No exchange accounts are stored.',
    });
  }
  const fingerprint = keyFingerprint(existing.credentials.apiKey);
  await store.delete(exchange, account);
  for (const warning of warnings) ctx.out.error(`warning: ${warning}`);
  const info = keyInfo(exchange);
  await appendAudit(ctx.kitHome, { type: 'config', exchange, account, keyFingerprint: fingerprint, message: `kit disconnect removed key ${fingerprint} from the ${store.kind} store` });
  const reminder = `The key ${fingerprint} still exists on ${info.name} and works for anyone who has a copy of it. Delete it there: ${info.apiManagementUrl}`;
  if (ctx.json) {
    ctx.out.json({ ok: true, exchange, account, keyFingerprint: fingerprint, store: store.kind, removed: true, apiManagementUrl: info.apiManagementUrl, reminder, warnings });
    return;
  }
  ctx.out.line(`Removed the credentials of ${exchange}/${account} (key ${fingerprint}) from ${describeStore(store)}.`);
  ctx.out.line(reminder);
}
