// Open orders across every symbol, and cancelling them, per exchange dialect: Binance needs
// the symbol-less warning switched off; Bybit's symbol-less calls default to linear, so spot
// is asked for explicitly; exchanges without cancelAllOrders cancel order by order.
import type { Exchange, Order } from 'ccxt';
import { byHand, productsOutside, type Covered } from './products.js';

export async function fetchAllOpenOrders(exchange: Exchange): Promise<Order[]> {
  await exchange.loadMarkets();
  if (exchange.id === 'binance') {
    (exchange.options as Record<string, unknown>).warnOnFetchOpenOrdersWithoutSymbol = false;
    return exchange.fetchOpenOrders();
  }
  if (exchange.id === 'bybit') {
    const spot = await exchange.fetchOpenOrders(undefined, undefined, undefined, { type: 'spot' });
    const hasLinear = Object.values(exchange.markets ?? {}).some((m) => m?.linear);
    const linear = hasLinear ? await exchange.fetchOpenOrders(undefined, undefined, undefined, { type: 'swap', settleCoin: 'USDT' }) : [];
    return [...spot, ...linear];
  }
  return exchange.fetchOpenOrders();
}

/** Which products fetchAllOpenOrders reads on this exchange. */
export function openOrderCoverage(exchange: Exchange): Covered {
  if (exchange.id === 'binance') return { futures: false, margin: false };
  if (exchange.id === 'bybit') return { futures: Object.values(exchange.markets ?? {}).some((m) => m?.linear), margin: true };
  return { futures: true, margin: true };
}

/**
 * Products the key may trade whose open orders fetchAllOpenOrders does not read, and a sentence
 * saying so (empty when there are none). Never throws: this only adds a warning.
 */
export async function openOrdersNotChecked(exchange: Exchange): Promise<{ products: string[]; note: string }> {
  const outside = await productsOutside(exchange, openOrderCoverage(exchange));
  if (outside.products.length === 0) return { products: [], note: '' };
  const names = outside.products.join(' and ');
  const where = outside.products.map((p) => byHand(exchange.id, p)).join('; ');
  const note = outside.unknown === undefined
    ? `the key may also trade ${names}: kit does not read those open orders on ${exchange.id}, so check and cancel them by hand (${where})`
    : `the key's permissions could not be read (${outside.unknown}); if it could trade ${names}, check and cancel those orders by hand (${where})`;
  return { products: outside.products, note };
}

export function describeOrder(o: Order): string {
  const price = o.price !== undefined && o.price !== null ? ` @ ${o.price}` : '';
  return `${o.symbol} ${o.side} ${o.type ?? ''} ${o.amount ?? ''}${price} (id ${o.id})`.replace(/\s+/g, ' ');
}

/** Cancels every order in `orders`, one call per symbol where the exchange allows it. */
export async function cancelOrders(exchange: Exchange, orders: Order[]): Promise<void> {
  const bySymbol = new Map<string, Order[]>();
  for (const o of orders) bySymbol.set(String(o.symbol), [...(bySymbol.get(String(o.symbol)) ?? []), o]);
  for (const [symbol, list] of bySymbol) {
    if (exchange.has.cancelAllOrders) {
      await exchange.cancelAllOrders(symbol);
    } else {
      for (const o of list) await exchange.cancelOrder(String(o.id), symbol);
    }
  }
}
