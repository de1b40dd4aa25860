// key.revoke (write): neutralize the leaked key the strongest way the exchange allows
// (auto), or the way asked for. Outputs the method used, the exchange's API-management page
// and the key's last four characters (for a person to find it on that page).
import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { ActionError, type ActionContext, type ActionDefinition } from '../types.js';
import { accountObject, accountLabel, exchangeStep, openExchange, type AccountInput } from '../exchange/common.js';

const STRATEGIES = ['auto', 'api-delete', 'ip-lockdown', 'subaccount-delete', 'manual'] as const;

const input = accountObject({
  strategy: z.enum(STRATEGIES).default('auto'),
  /** Stored account holding the master key (for sub-account methods). */
  master: z.string().min(1).optional(),
  /** The sub-account owning the leaked key: Binance e-mail, Bybit UID, OKX sub-account name. */
  subAccount: z.string().min(1).optional(),
  /** Where ip-lockdown binds the key; default an unroutable documentation address. */
  ip: z.string().optional(),
});
type Input = AccountInput & { strategy: (typeof STRATEGIES)[number]; master?: string; subAccount?: string; ip?: string };

export interface RevokeOutputs extends Record<string, unknown> {
  method: 'api-delete' | 'ip-lockdown' | 'subaccount-delete' | 'manual';
  url: string;
  keyHint: string;
  keyFingerprint: string;
  /** False when a manual step still waits for a person. */
  performed: boolean;
  note: string;
}

async function setup(ctx: ActionContext, params: Input, dryRun: boolean) {
  const { keyOperationsFor } = await import('../../exchange/keys/index.js');
  const { keyFingerprint, keyHint } = await import('../../exchange/fingerprint.js');
  const { revokeMethods } = await import('../../exchange/revoke.js');
  const { loadAccount } = await import('../../exchange/credentials.js');
  await (await import('../../exchange/gateway.js')).checkExchangeId(params.exchange);
  const ops = keyOperationsFor(params.exchange);
  if (!ops) throw new UsageError(`kit has no key operations for ${params.exchange}`, { hint: 'Delete the key on the exchange\'s page; run `kit exchanges` for what kit supports.' });
  const stored = await loadAccount(ctx.kitHome, params.exchange, params.account);
  const methods = revokeMethods(ops, params.strategy, { hasMaster: Boolean(params.master), subAccount: params.subAccount });
  const apiKey = stored.credentials.apiKey;
  const base = { url: ops.apiManagementUrl, keyHint: keyHint(apiKey) ?? '', keyFingerprint: keyFingerprint(apiKey) ?? '' };
  const open = async () => ({
    self: (await openExchange(ctx, params, { dryRun })).exchange,
    master: params.master ? (await openExchange(ctx, { exchange: params.exchange, account: params.master }, { dryRun })).exchange : undefined,
  });
  return { ops, methods, apiKey, base, open };
}

export const revokeKeyAction: ActionDefinition<Input, RevokeOutputs> = {
  name: 'key.revoke',
  description: 'Neutralize the leaked key: delete it via the API, delete it from the master account, lock it to a dead IP, or guide a person through the exchange page.',
  effect: 'write',
  input,
  describe: (i) => `revoke the ${accountLabel(i)} key (strategy ${i.strategy ?? 'auto'})`,
  async plan(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { endpointOfMethod } = await import('../../exchange/revoke.js');
      const { methods, base } = await setup(ctx, params, true);
      const first = methods[0];
      const how = first === 'manual' ? `ask a person to delete key ${base.keyHint} at ${base.url}` : `${first} key ${base.keyHint} via ${endpointOfMethod(params.exchange, first) ?? 'the API'}`;
      const fallback = methods.length > 1 ? ` (if refused: ${methods.slice(1).join(', then ')})` : '';
      return { summary: `would ${how} on ${params.exchange}/${params.account}${fallback}`, outputs: { method: first, ...base, performed: false, note: 'planned (dry run)' } };
    });
  },
  async run(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { performRevoke, judgeRevokeFailure, endpointOfMethod } = await import('../../exchange/revoke.js');
      const { UNROUTABLE_IP } = await import('../../exchange/keys/types.js');
      const { ops, methods, apiKey, base, open } = await setup(ctx, params, ctx.dryRun);
      const failures: string[] = [];
      for (const method of methods) {
        if (method === 'manual') return manualStep(ctx, params, base, failures);
        const parties = { ...(await open()), subAccount: params.subAccount, apiKey, ip: params.ip ?? UNROUTABLE_IP };
        try {
          await performRevoke(ops, method, parties);
          const note = `${method} via ${endpointOfMethod(params.exchange, method) ?? 'the API'}`;
          ctx.log(`key ${base.keyHint}: ${note}`);
          return { method, ...base, performed: true, note };
        } catch (error) {
          const judged = judgeRevokeFailure(params.exchange, error);
          if (method === 'api-delete' && judged.alreadyDead) {
            ctx.log(`key ${base.keyHint} is already refused by ${params.exchange} (${judged.reason})`);
            return { method, ...base, performed: true, note: `already invalid: ${judged.reason}` };
          }
          failures.push(`${method}: ${judged.reason}`);
          ctx.log(`${method} refused: ${judged.reason}`);
          if (params.strategy !== 'auto' || !judged.tryNext) {
            throw new ActionError(`could not ${method} the ${params.exchange}/${params.account} key: ${judged.reason}`, { retryable: judged.kind === 'transient', hint: `Delete key ${base.keyHint} by hand at ${base.url}, or run the step with strategy manual.`, cause: error });
          }
        }
      }
      throw new ActionError(`no way to revoke the ${params.exchange}/${params.account} key worked: ${failures.join('; ')}`, { hint: `Delete key ${base.keyHint} at ${base.url}.` });
    });
  },
  async reconcile(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { verifyDead } = await import('../../exchange/verify-dead.js');
      const { loadAccount } = await import('../../exchange/credentials.js');
      const stored = await loadAccount(ctx.kitHome, params.exchange, params.account);
      const verdict = await verifyDead(params.exchange, params.account, stored.credentials, { baseUrl: stored.baseUrl ?? (typeof ctx.settings.exchangeBaseUrl === 'string' ? ctx.settings.exchangeBaseUrl : undefined), kitHome: ctx.kitHome, signal: ctx.signal, deadlineMs: 0 });
      if (verdict.dead) return { done: true, note: `the key is already dead (${verdict.how.reason}); not revoking again` };
      return { done: false, note: `the key still answers (${verdict.verdict}); revoking` };
    });
  },
};

async function manualStep(ctx: ActionContext, params: Input, base: { url: string; keyHint: string; keyFingerprint: string }, failures: string[]): Promise<RevokeOutputs> {
  const instructions = `Delete API key ${base.keyHint} of ${params.exchange}/${params.account} at ${base.url}`;
  const why = failures.length ? ` (the API could not: ${failures.join('; ')})` : '';
  if (ctx.operator) {
    const done = await ctx.operator.perform('delete-key', { exchange: params.exchange, account: params.account, keyFingerprint: base.keyFingerprint, keyHint: base.keyHint, url: base.url });
    if (!done) throw new ActionError(`the drill operator did not delete key ${base.keyHint}`, { hint: instructions });
    return { method: 'manual', ...base, performed: true, note: `deleted on the exchange page by the drill operator${why}` };
  }
  if (ctx.prompter.interactive && !ctx.yes) {
    ctx.log(instructions + why);
    const confirmed = await ctx.prompter.confirm(`${instructions}. Done?`, { default: false });
    if (!confirmed) throw new ActionError(`key ${base.keyHint} was not deleted`, { hint: instructions });
    return { method: 'manual', ...base, performed: true, note: `deleted by hand (confirmed by the operator)${why}` };
  }
  ctx.log(`manual step needed: ${instructions}${why}`);
  return { method: 'manual', ...base, performed: false, note: `waiting for a person: ${instructions}` };
}
