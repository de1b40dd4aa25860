// Open orders across every symbol, and cancelling them, per exchange dialect: Binance needs
// the symbol-less warning switched off; Bybit's symbol-less calls default to linear, so spot
// is asked for explicitly; exchanges without cancelAllOrders cancel order by order.
import type { Exchange, Order } from 'ccxt';

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
