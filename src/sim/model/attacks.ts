// Attacker activity: the scenario's seeded events (in the past: they already happened) and live
// ones (in the future, or injected by a drill), which happen only if the key they use still works
// at that moment -- so a drill that revokes the key in time prevents them, and the ground truth
// says so. Every record an attack creates is marked actor 'attacker'.
import { floorToStep, roundToStep } from '../util/decimal.js';
import { parseDuration } from '../util/duration.js';
import type { Prng } from '../util/prng.js';
import type { AttackEventSpec } from '../scenario/schema.js';
import { defaultNetwork, withdrawFee } from './baseline.js';
import { placeOrder } from './engine.js';
import type { SimState } from './state.js';
import type { SimKey, SimOrder, SimTrade, SimTransfer } from './types.js';

/** Where the attacker connects from: never on a trusted-IP list that protects a key. */
export const ATTACKER_IP = '203.0.113.66';

/** An attack event with its absolute time. */
export type TimedAttack = AttackEventSpec & { time: number };

export interface AttackRecords {
  orders: SimOrder[];
  trades: SimTrade[];
  withdrawals: SimTransfer[];
  prevented: Array<{ account: string; type: string; at: number; reason: string }>;
}

export function resolveAttackTime(at: string | number, anchor: number): number {
  return typeof at === 'number' ? at : anchor + (parseDuration(at) ?? 0);
}

/** Why the key cannot be used for this event now, or undefined when it can. */
function keyProblem(state: SimState, account: string, keyName: string | undefined, needs: 'trade' | 'withdraw'): string | undefined {
  if (keyName === undefined) return undefined;
  const key: SimKey | undefined = state.keys.find((k) => k.account === account && k.name === keyName);
  if (!key || key.deletedAt !== undefined) return 'key deleted';
  if (key.ips.length > 0 && !key.ips.includes(ATTACKER_IP)) return 'key restricted to trusted IPs';
  if (!key.permissions.has(needs)) return `key lacks the ${needs} permission`;
  return undefined;
}

export function runAttack(state: SimState, event: TimedAttack, prng: Prng, records: AttackRecords, live: boolean): void {
  const needs = event.type === 'withdrawal' ? 'withdraw' : 'trade';
  if (live) {
    const problem = keyProblem(state, event.account, event.key, needs);
    if (problem) {
      records.prevented.push({ account: event.account, type: event.type, at: event.time, reason: problem });
      return;
    }
  }
  const clientId = (): string => (state.account(event.account).exchange === 'binance' ? 'x-' + prng.alnum(20) : prng.alnum(16));
  const keep = (result: ReturnType<typeof placeOrder>): void => {
    if (!result.ok) {
      // The exchange refused it (e.g. nothing left to spend): it did not happen, and the ground truth says why.
      records.prevented.push({ account: event.account, type: event.type, at: event.time, reason: `refused by the exchange: ${result.message}` });
      return;
    }
    records.orders.push(result.order);
    records.trades.push(...result.trades);
  };
  switch (event.type) {
    case 'market-sell': {
      event.assets.forEach((asset, i) => {
        const market = state.markets.get(asset + event.into);
        if (!market) return;
        const qty = floorToStep(state.balance(event.account, asset).free, market.stepSize);
        if (qty <= 0) return;
        keep(placeOrder(state, {
          account: event.account, market, side: 'SELL', type: 'MARKET', qty, clientOrderId: clientId(), actor: 'attacker',
          time: event.time + Math.round(i * event.spacingSeconds * 1000),
        }));
      });
      return;
    }
    case 'pump-buy': {
      const market = state.markets.get(event.symbol.replace('/', ''));
      if (!market) return;
      const durationMs = parseDuration(event.duration) ?? 120_000;
      const basePrice = state.prices.price(market, event.time);
      state.prices.addShock(market.symbol, { start: event.time, end: event.time + durationMs, peak: event.peakMultiplier, decayMs: 30 * 60_000 });
      const budget = state.balance(event.account, market.quote).free * event.spendShare;
      for (let i = 0; i < event.orders; i++) {
        const fraction = event.orders === 1 ? 1 : i / (event.orders - 1);
        const time = event.time + Math.round(fraction * durationMs);
        const price = roundToStep(basePrice * (1 + (event.peakMultiplier - 1) * fraction), market.tickSize);
        // Spend the budget evenly; the last order takes what is left (minus rounding dust).
        const spend = i === event.orders - 1 ? state.balance(event.account, market.quote).free : budget / event.orders;
        const qty = floorToStep((spend * 0.999) / price, market.stepSize);
        if (qty <= 0) continue;
        keep(placeOrder(state, {
          account: event.account, market, side: 'BUY', type: 'MARKET', qty, clientOrderId: clientId(), actor: 'attacker', time, fillPrice: price,
        }));
      }
      return;
    }
    case 'order': {
      const market = state.markets.get(event.symbol.replace('/', ''));
      if (!market) return;
      const side = event.side === 'buy' ? 'BUY' : 'SELL';
      if (event.orderType === 'market') {
        keep(placeOrder(state, { account: event.account, market, side, type: 'MARKET', qty: event.amount, clientOrderId: clientId(), actor: 'attacker', time: event.time, fillPrice: event.price }));
        return;
      }
      const marketPrice = state.prices.price(market, event.time);
      const price = event.price ?? marketPrice;
      if (event.outcome === 'filled') {
        // The attacker's counterparty order sits exactly at the limit: it fills there, as a taker.
        keep(placeOrder(state, { account: event.account, market, side, type: 'LIMIT', qty: event.amount, price, fillPrice: price, clientOrderId: clientId(), actor: 'attacker', time: event.time }));
        return;
      }
      // A resting (or later cancelled) limit order away from the market so it does not fill.
      const away = side === 'BUY' ? Math.min(price, marketPrice * 0.99) : Math.max(price, marketPrice * 1.01);
      const result = placeOrder(state, { account: event.account, market, side, type: 'LIMIT', qty: event.amount, price: away, clientOrderId: clientId(), actor: 'attacker', time: event.time });
      if (result.ok && event.outcome === 'canceled') {
        result.order.status = 'CANCELED';
        result.order.updateTime = event.time + 60_000;
        state.trackOpen(result.order);
      }
      keep(result);
      return;
    }
    case 'withdrawal': {
      const exchange = state.account(event.account).exchange;
      const available = state.balance(event.account, event.coin).free;
      const amount = event.amount ?? available;
      if (amount <= 0) return;
      const fee = withdrawFee(event.coin);
      const transfer: SimTransfer = {
        id: '', exchange, account: event.account, kind: 'withdrawal', coin: event.coin, network: event.network ?? defaultNetwork(event.coin),
        amount, fee, address: event.address, txId: '', status: event.status, time: event.time, completeTime: event.time + 10 * 60_000, actor: 'attacker',
      };
      // A withdrawal that is pending or done has left the spendable balance.
      if ((event.status === 'completed' || event.status === 'pending') && amount <= available) state.adjustBalance(event.account, event.coin, -amount);
      state.addTransfer(transfer);
      records.withdrawals.push(transfer);
      return;
    }
  }
}
