// R6: orders whose client order id lacks the operator's prefix: placed by software the operator
// does not run. Weak by design: an attacker using ccxt gets ccxt's default prefix, and so does
// an operator whose bot uses ccxt; an owner's clicks in the web app carry the exchange's own ids.
import { plural } from '../format.js';
import { finding, type Rule } from './rule.js';

/** ccxt's default broker prefixes (shared notes, incidents.md R6; x-R4BD3S82 from ccxt's own Binance test data). */
const CCXT_DEFAULT_PREFIXES = ['x-R4BD3S82', 'x-TKT5PX2F', 'x-cvBPrNm9', 'x-xcKtGhcu', '6b9ad766b55dBCDE', 'e847386590ce4dBC'];

export const clientOrderIdRule: Rule = {
  id: 'client-order-id',
  family: 'origin',
  description: "orders whose client order id does not start with one of the operator's prefixes (weak: ccxt users share default prefixes)",
  run({ index }) {
    const prefixes = index.config.clientOrderIdPrefixes;
    if (!prefixes || prefixes.length === 0) return [];
    const foreign = (id: string | null | undefined): boolean => typeof id === 'string' && id !== '' && !prefixes.some((p) => id.startsWith(p));
    const orders = index.orders.window.filter((o) => foreign(o.clientOrderId));
    const trades = index.trades.window.filter((t) => foreign(t.clientOrderId ?? (t.order ? index.orderById.get(t.order)?.clientOrderId : undefined)));
    if (orders.length === 0 && trades.length === 0) return [];
    const ccxt = orders.filter((o) => CCXT_DEFAULT_PREFIXES.some((p) => o.clientOrderId?.startsWith(p))).length;
    const ccxtText = ccxt > 0 ? `; ${plural(ccxt, 'carries', 'carry')} a ccxt library default prefix, which an attacker using ccxt gets too` : '';
    return [
      finding(this, {
        score: 0.3,
        sentence: `${plural(orders.length, 'order')} (${plural(trades.length, 'fill')}) carry client order ids without the operator's prefix (${prefixes.join(', ')})${ccxtText}.`,
        trades,
        orders,
      }),
    ];
  },
};
