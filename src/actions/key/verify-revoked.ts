// key.verify-revoked (read): asks the exchange about the old key on a fresh connection, again
// and again until it is dead or the deadline passes, and says how it knows.
import { z } from 'zod';
import { ActionError, type ActionDefinition } from '../types.js';
import { accountObject, accountLabel, exchangeStep, type AccountInput } from '../exchange/common.js';
import { parseDuration } from '../../runbook/duration.js';

const input = accountObject({
  deadline: z.string().default('2m'),
  interval: z.string().default('5s'),
  /** Fail the step when the key is not proven dead by the deadline (containment not confirmed). */
  requireDead: z.boolean().default(false),
});
type Input = AccountInput & { deadline: string; interval: string; requireDead: boolean };

export const verifyRevokedAction: ActionDefinition<Input, Record<string, unknown>> = {
  name: 'key.verify-revoked',
  description: 'Prove the old key is dead: repeated authenticated probes on fresh connections until dead or the deadline.',
  effect: 'read',
  input,
  describe: (i) => `prove the ${accountLabel(i)} key is dead (until ${i.deadline ?? '2m'})`,
  async run(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { loadAccount } = await import('../../exchange/credentials.js');
      await (await import('../../exchange/gateway.js')).checkExchangeId(params.exchange);
      const { verifyDead } = await import('../../exchange/verify-dead.js');
      const { keyHint } = await import('../../exchange/fingerprint.js');
      const stored = await loadAccount(ctx.kitHome, params.exchange, params.account);
      const baseUrl = stored.baseUrl ?? (typeof ctx.settings.exchangeBaseUrl === 'string' ? ctx.settings.exchangeBaseUrl : undefined);
      const verdict = await verifyDead(params.exchange, params.account, stored.credentials, {
        baseUrl,
        sandbox: stored.sandbox,
        kitHome: ctx.kitHome,
        incidentId: ctx.incidentId,
        signal: ctx.signal,
        // In a dry run nothing was revoked, so the key still answers: one look says so, no waiting.
        deadlineMs: ctx.dryRun ? 0 : parseDuration(params.deadline),
        intervalMs: parseDuration(params.interval),
        onAttempt: (a) => ctx.log(`attempt ${a.n}: ${a.endpoint} -> ${a.answer}${a.code ? ` (${a.code})` : ''}`),
      });
      const how = `${verdict.how.endpoint} answered ${verdict.how.answer === 'alive' ? 'successfully' : `${verdict.how.errorClass ?? 'error'}${verdict.how.code ? ` code ${verdict.how.code}` : ''}`} at ${verdict.how.at}: ${verdict.how.reason}${verdict.how.caveat ? `. ${verdict.how.caveat}` : ''}`;
      ctx.log(verdict.dead ? `key ${keyHint(stored.credentials.apiKey)} is dead: ${how}` : `key ${keyHint(stored.credentials.apiKey)} NOT proven dead (${verdict.verdict}): ${how}`);
      if (!verdict.dead && ctx.dryRun) ctx.log(`dry run: the key was not revoked, so it still answers${params.requireDead ? '; a live run fails here unless it is dead' : ''}`);
      if (!verdict.dead && params.requireDead && !ctx.dryRun) {
        const { keyOperationsFor } = await import('../../exchange/keys/index.js');
        const page = keyOperationsFor(params.exchange)?.apiManagementUrl ?? `the API-management page of ${params.exchange}`;
        throw new ActionError(`the ${params.exchange}/${params.account} key ${keyHint(stored.credentials.apiKey)} is NOT proven dead after ${params.deadline} (${verdict.verdict}): ${how}`, {
          hint: `Containment is not confirmed: delete the key at ${page} now, then check it with \`kit run contain-now --input accounts=${params.exchange}/${params.account}\`.`,
        });
      }
      return { dead: verdict.dead, verdict: verdict.verdict, attempts: verdict.attempts, how, endpoint: verdict.how.endpoint, code: verdict.how.code ?? null, keyHint: keyHint(stored.credentials.apiKey) };
    });
  },
};
