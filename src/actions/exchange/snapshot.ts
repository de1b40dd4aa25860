// exchange.snapshot (read): balances, open orders and positions where the exchange has them,
// written to the evidence folder before anything is changed.
import type { ActionDefinition } from '../types.js';
import { accountObject, accountLabel, exchangeStep, evidenceFolder, openExchange, type AccountInput } from './common.js';

const input = accountObject({});

export interface SnapshotOutputs extends Record<string, unknown> {
  evidencePath: string;
  balances: Record<string, number>;
  openOrders: number;
  positions: number | null;
}

export const snapshotAction: ActionDefinition<AccountInput, SnapshotOutputs> = {
  name: 'exchange.snapshot',
  description: 'Record balances, open orders and positions (where supported) as evidence.',
  effect: 'read',
  input,
  describe: (i) => `snapshot balances, open orders and positions of ${accountLabel(i)}`,
  async run(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { exchange } = await openExchange(ctx, params);
      const { fetchAllOpenOrders } = await import('../../exchange/orders.js');
      const balance = (await exchange.fetchBalance()) as unknown as { total?: Record<string, number | undefined> };
      const balances = Object.fromEntries(Object.entries(balance.total ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] !== 0));
      const openOrders = await fetchAllOpenOrders(exchange);
      let positions: unknown[] | null = null;
      let positionsNote: string | undefined;
      // Positions live on derivatives markets: where none are loaded (a spot-only account or
      // exchange), there is nothing to ask for, and the request would only be refused.
      const derivatives = Object.values(exchange.markets ?? {}).some((m) => m?.contract === true);
      if (exchange.has.fetchPositions && !derivatives) {
        positionsNote = `positions not fetched: no derivatives markets are loaded for ${params.exchange}, so there are none to hold`;
        ctx.log(positionsNote);
      } else if (exchange.has.fetchPositions) {
        try {
          positions = await exchange.fetchPositions();
        } catch (error) {
          positionsNote = `positions not available: ${(error as Error).message}`.slice(0, 200);
          ctx.log(positionsNote);
        }
      }
      const name = `${evidenceFolder(params)}/snapshot.json`;
      const record = await ctx.evidence.writeJson(name, {
        exchange: params.exchange, account: params.account, takenAt: new Date().toISOString(), dryRun: ctx.dryRun,
        balances, openOrders, positions, ...(positionsNote ? { positionsNote } : {}),
      });
      ctx.log(`${params.exchange}/${params.account}: ${Object.keys(balances).length} balances, ${openOrders.length} open orders${positions ? `, ${positions.length} positions` : ''}`);
      return { evidencePath: record.path, balances, openOrders: openOrders.length, positions: positions ? positions.length : null };
    });
  },
};
