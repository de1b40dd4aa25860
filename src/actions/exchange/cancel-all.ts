// exchange.cancel-all-orders (write): cancel every open order on every symbol. The plan lists
// exactly the orders that would go; reconcile looks at the open orders before acting again.
import { ActionError, type ActionDefinition } from '../types.js';
import { accountObject, accountLabel, exchangeStep, openExchange, type AccountInput } from './common.js';

const input = accountObject({});

export interface CancelOutputs extends Record<string, unknown> {
  cancelled: number;
  orderIds: string[];
  symbols: string[];
  remaining: number;
  /** Products the key may trade whose open orders kit did not read (futures, margin). */
  notChecked: string[];
}

export const cancelAllOrdersAction: ActionDefinition<AccountInput, CancelOutputs> = {
  name: 'exchange.cancel-all-orders',
  description: 'Cancel every open order on every symbol of the account.',
  effect: 'write',
  input,
  describe: (i) => `cancel every open order on ${accountLabel(i)}`,
  retryable: (error) => error instanceof ActionError && error.retryable,
  async plan(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { exchange } = await openExchange(ctx, params, { dryRun: true });
      const { fetchAllOpenOrders, describeOrder, openOrdersNotChecked } = await import('../../exchange/orders.js');
      const open = await fetchAllOpenOrders(exchange);
      const symbols = [...new Set(open.map((o) => String(o.symbol)))].sort();
      const notChecked = await openOrdersNotChecked(exchange);
      const summary = (open.length === 0
        ? `no open orders on ${params.exchange}/${params.account}: nothing to cancel`
        : `would cancel ${open.length} order${open.length === 1 ? '' : 's'} on ${params.exchange}/${params.account}: ${open.map(describeOrder).join('; ')}`) + (notChecked.note ? `; ${notChecked.note}` : '');
      return { summary, outputs: { cancelled: open.length, orderIds: open.map((o) => String(o.id)), symbols, remaining: open.length, notChecked: notChecked.products } };
    });
  },
  async run(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { exchange } = await openExchange(ctx, params);
      const { fetchAllOpenOrders, cancelOrders, openOrdersNotChecked } = await import('../../exchange/orders.js');
      const open = await fetchAllOpenOrders(exchange);
      const symbols = [...new Set(open.map((o) => String(o.symbol)))].sort();
      ctx.log(`${open.length} open orders on ${symbols.length} symbols`);
      let remaining = open;
      // A second pass catches orders placed while the first ran (an attacker still active).
      for (let pass = 1; pass <= 2 && remaining.length > 0; pass++) {
        await cancelOrders(exchange, remaining);
        remaining = await fetchAllOpenOrders(exchange);
      }
      if (remaining.length > 0) {
        throw new ActionError(`${remaining.length} orders are still open on ${params.exchange}/${params.account} after cancelling`, { retryable: true, hint: 'New orders keep appearing: the key is probably still in use. Revoke it, then run this step again.' });
      }
      ctx.log(`cancelled ${open.length} orders; none left open`);
      // Asked after the cancels, so it never delays them.
      const notChecked = await openOrdersNotChecked(exchange);
      if (notChecked.note) ctx.log(`WARNING: ${notChecked.note}`);
      return { cancelled: open.length, orderIds: open.map((o) => String(o.id)), symbols, remaining: 0, notChecked: notChecked.products };
    });
  },
  async reconcile(ctx, params) {
    return exchangeStep(ctx, params, async () => {
      const { exchange } = await openExchange(ctx, params, { dryRun: true });
      const { fetchAllOpenOrders, openOrdersNotChecked } = await import('../../exchange/orders.js');
      const open = await fetchAllOpenOrders(exchange);
      if (open.length === 0) {
        const notChecked = await openOrdersNotChecked(exchange);
        return { done: true, outputs: { cancelled: 0, orderIds: [], symbols: [], remaining: 0, notChecked: notChecked.products }, note: `no open orders left: the cancel went through${notChecked.note ? `; ${notChecked.note}` : ''}` };
      }
      return { done: false, note: `${open.length} orders still open: cancelling again` };
    });
  },
};
