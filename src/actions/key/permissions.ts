// key.permissions (read): what the key may do (read, trade, withdraw, futures, margin), whether
// it is IP-bound and to which addresses where the exchange says, when it was made and expires.
import { UsageError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { accountObject, accountLabel, evidenceFolder, exchangeStep, openExchange, type AccountInput } from '../exchange/common.js';

const input = accountObject({});

export const keyPermissionsAction: ActionDefinition<AccountInput, Record<string, unknown>> = {
  name: 'key.permissions',
  description: "Read the API key's permissions, IP restriction and dates from the exchange.",
  effect: 'read',
  input,
  describe: (i) => `read the permissions of the ${accountLabel(i)} key`,
  async run(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { keyOperationsFor } = await import('../../exchange/keys/index.js');
      const { keyFingerprint, keyHint } = await import('../../exchange/fingerprint.js');
      const ops = keyOperationsFor(params.exchange);
      if (!ops) throw new UsageError(`kit cannot read key permissions on ${params.exchange} through its API`, { hint: 'Run `kit exchanges` to see the exchanges kit supports.' });
      const { exchange, apiKey } = await openExchange(ctx, params);
      const permissions = await ops.permissions(exchange);
      const outputs = { ...permissions, keyHint: keyHint(apiKey), keyFingerprint: keyFingerprint(apiKey) };
      await ctx.evidence.writeJson(`${evidenceFolder(params)}/key-permissions.json`, { exchange: params.exchange, account: params.account, readAt: new Date().toISOString(), ...outputs });
      const flags = (['read', 'trade', 'withdraw', 'futures', 'margin'] as const).filter((k) => permissions[k]).join(', ') || 'none';
      ctx.log(`key ${outputs.keyHint}: ${flags}; IP-restricted: ${permissions.ipRestricted === null ? 'unknown' : permissions.ipRestricted ? `yes${permissions.ips?.length ? ` (${permissions.ips.join(', ')})` : ''}` : 'no'}`);
      return outputs;
    });
  },
};
