// Open orders across every symbol, and cancelling them, per exchange dialect: Binance needs
// the symbol-less warning switched off, and keeps USDⓈ-M futures orders apart from spot; Bybit's
// symbol-less calls default to linear, so spot is asked for explicitly; exchanges without
// cancelAllOrders cancel order by order.
import type { Exchange, Order } from 'ccxt';
import { errorText, runPool } from './sweep/runner.js';
import { byHand, keyPermissions, productsOutside, type Covered } from './products.js';

/** How the last fetchAllOpenOrders went with Binance's futures orders, per instance. */
type FuturesRead = { status: 'read' | 'not-allowed' | 'no-markets' } | { status: 'failed'; reason: string };
const binanceFutures = new WeakMap<Exchange, FuturesRead>();

/**
 * Binance USDⓈ-M open orders, where the perpetuals are loaded and the key may trade futures (a key
 * that may not could not have placed any, and Binance refuses it). A failure here must not stop
 * the spot cancels: it is remembered and reported by openOrdersNotChecked.
 */
async function binanceFuturesOpenOrders(exchange: Exchange): Promise<Order[]> {
  const perpetuals = Object.values(exchange.markets ?? {}).some((m) => m?.swap === true && m.linear === true);
  if (!perpetuals) {
    binanceFutures.set(exchange, { status: 'no-markets' });
    return [];
  }
  const permissions = await keyPermissions(exchange)?.catch(() => undefined);
  if (permissions?.futures === false) {
    binanceFutures.set(exchange, { status: 'not-allowed' });
    return [];
  }
  try {
    const orders = await exchange.fetchOpenOrders(undefined, undefined, undefined, { type: 'swap', subType: 'linear' });
    binanceFutures.set(exchange, { status: 'read' });
    return orders;
  } catch (error) {
    binanceFutures.set(exchange, { status: 'failed', reason: errorText(error) });
    return [];
  }
}

const BYBIT_PAGE = 50;
/** More pages than any account holds open orders for (50 x 200 = 10,000). */
const BYBIT_MAX_PAGES = 200;

/**
 * Every page of Bybit's open orders: without a cursor Bybit answers only the newest 20, so an
 * account with more would be cancelled (and recorded) in part. ccxt puts the next cursor into
 * the raw answer of one order of the page.
 */
async function bybitOpenOrders(exchange: Exchange, params: Record<string, unknown>): Promise<Order[]> {
  const out: Order[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < BYBIT_MAX_PAGES; page++) {
    const orders = await exchange.fetchOpenOrders(undefined, undefined, BYBIT_PAGE, { ...params, ...(cursor ? { cursor } : {}) });
    out.push(...orders);
    const next = orders.map((o) => (o.info as { nextPageCursor?: unknown } | undefined)?.nextPageCursor).find((c): c is string => typeof c === 'string' && c !== '');
    if (orders.length < BYBIT_PAGE || next === undefined || next === cursor) break;
    cursor = next;
  }
  return out;
}

export async function fetchAllOpenOrders(exchange: Exchange): Promise<Order[]> {
  await exchange.loadMarkets();
  if (exchange.id === 'binance') {
    (exchange.options as Record<string, unknown>).warnOnFetchOpenOrdersWithoutSymbol = false;
    // At once: the futures side never throws, and containment should not wait for it.
    const [spot, futures] = await Promise.all([exchange.fetchOpenOrders(), binanceFuturesOpenOrders(exchange)]);
    return [...spot, ...futures];
  }
  if (exchange.id === 'bybit') {
    const spot = await bybitOpenOrders(exchange, { type: 'spot' });
    const hasLinear = Object.values(exchange.markets ?? {}).some((m) => m?.linear);
    const linear = hasLinear ? await bybitOpenOrders(exchange, { type: 'swap', settleCoin: 'USDT' }) : [];
    return [...spot, ...linear];
  }
  return exchange.fetchOpenOrders();
}

/** Which products the last fetchAllOpenOrders read on this exchange. */
export function openOrderCoverage(exchange: Exchange): Covered {
  if (exchange.id === 'binance') {
    const futures = binanceFutures.get(exchange)?.status;
    return { futures: futures === 'read' || futures === 'not-allowed', margin: false };
  }
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
  const futures = exchange.id === 'binance' ? binanceFutures.get(exchange) : undefined;
  const failed = futures?.status === 'failed' ? ` (reading the futures orders failed: ${futures.reason})` : '';
  const note = outside.unknown === undefined
    ? `the key may also trade ${names}: kit did not read those open orders${failed}, so check and cancel them by hand (${where})`
    : `the key's permissions could not be read (${outside.unknown}); if it could trade ${names}, check and cancel those orders by hand (${where})`;
  return { products: outside.products, note };
}

export function describeOrder(o: Order): string {
  const price = o.price !== undefined && o.price !== null ? ` @ ${o.price}` : '';
  return `${o.symbol} ${o.side} ${o.type ?? ''} ${o.amount ?? ''}${price} (id ${o.id})`.replace(/\s+/g, ' ');
}

/** Symbols cancelled at once: containment should not wait one round trip per symbol. */
const CANCEL_CONCURRENCY = 4;

/**
 * Cancels every order in `orders`, one call per symbol where the exchange allows it, a few symbols
 * at once (ccxt's throttle still spaces them). A symbol that fails does not stop the others: every
 * symbol is tried, then the first failure is thrown.
 */
export async function cancelOrders(exchange: Exchange, orders: Order[]): Promise<void> {
  const bySymbol = new Map<string, Order[]>();
  for (const o of orders) bySymbol.set(String(o.symbol), [...(bySymbol.get(String(o.symbol)) ?? []), o]);
  const failures: unknown[] = [];
  await runPool([...bySymbol].map(([symbol, list]) => async () => {
    try {
      if (exchange.has.cancelAllOrders) {
        await exchange.cancelAllOrders(symbol);
      } else {
        for (const o of list) await exchange.cancelOrder(String(o.id), symbol);
      }
    } catch (error) {
      failures.push(error);
    }
  }), CANCEL_CONCURRENCY);
  if (failures.length > 0) throw failures[0];
}
