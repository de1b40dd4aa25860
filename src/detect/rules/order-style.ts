// R5: market/taker trading where the account's baseline is limit/maker (the VIA victims'
// accounts placed "a large number of market buys"). A weak signal alone: an owner clicking
// "market" by hand does the same.
import { amount, percent, plural } from '../format.js';
import { tradeType } from '../activity-index.js';
import { finding, type Rule } from './rule.js';

export const orderStyleRule: Rule = {
  id: 'order-style',
  family: 'style',
  description: "order types (e.g. market) or taker fills that are rare in the account's baseline, or not among the operator's usual order types",
  run({ index }) {
    const t = index.thresholds;
    const typeCounts = new Map<string, number>();
    for (const o of index.orders.baseline) typeCounts.set(o.type, (typeCounts.get(o.type) ?? 0) + 1);
    const baselineOrders = index.orders.baseline.length;
    let usual: Set<string> | undefined;
    if (index.config.usualOrderTypes) usual = new Set(index.config.usualOrderTypes);
    else if (baselineOrders >= t.minBaselineRecords) usual = new Set([...typeCounts].filter(([, n]) => n / baselineOrders >= t.styleMaxBaselineShare).map(([type]) => type));

    let taker = 0;
    let known = 0;
    for (const tr of index.trades.baseline) {
      if (!tr.takerOrMaker) continue;
      known++;
      if (tr.takerOrMaker === 'taker') taker++;
    }
    const takerIsRare = known >= t.minBaselineRecords && taker / known < t.styleMaxBaselineShare;
    if (!usual && !takerIsRare) return [];

    const orders = usual ? index.orders.window.filter((o) => !usual.has(o.type)) : [];
    const trades = index.trades.window.filter((tr) => {
      const type = tradeType(index, tr);
      if (usual && type) return !usual.has(type);
      return takerIsRare && tr.takerOrMaker === 'taker';
    });
    if (orders.length === 0 && trades.length === 0) return [];
    const types = [...new Set(orders.map((o) => o.type))].join('/') || 'taker';
    const firstType = orders[0]?.type;
    const seen = firstType ? ` (${amount(typeCounts.get(firstType) ?? 0)} of ${amount(baselineOrders)} were ${firstType})` : '';
    const usualText = index.config.usualOrderTypes
      ? `the operator's usual order types are ${[...(usual ?? [])].join(', ')}`
      : usual
        ? `in the baseline this account placed ${[...usual].join('/')} orders${seen}`
        : `in the baseline only ${percent(taker / known)} of this account's fills were taker fills`;
    return [
      finding(this, {
        score: 0.5,
        sentence: `${plural(orders.length, `${types} order`)} and ${plural(trades.length, 'fill')} of that kind in the window, where ${usualText}.`,
        trades,
        orders,
      }),
    ];
  },
};
