// One markets download per exchange and endpoint per process. Each account has its own ccxt
// instance, and an incident with 20 accounts opens 20 at once: without sharing, each would
// fetch and parse the same exchangeInfo (Binance: seven requests, a large share of the IP's
// weight) before its first useful call. Markets are public; currencies are the same for every
// account. Entries expire so a long-running process (kit drill schedule) sees listing changes.
import type { Exchange } from 'ccxt';

interface Loaded {
  markets: Exchange['markets'];
  currencies: Exchange['currencies'];
  at: number;
}

const TTL_MS = 10 * 60_000;
const cache = new Map<string, Promise<Loaded>>();

/** Makes `exchange.loadMarkets()` share one download with every instance of the same key. */
export function shareMarkets(exchange: Exchange, key: string): void {
  const original = exchange.loadMarkets.bind(exchange);
  exchange.loadMarkets = (async (reload = false, params = {}) => {
    if (reload) return original(reload, params);
    if (exchange.markets && Object.keys(exchange.markets).length > 0) return exchange.markets;
    let shared = cache.get(key);
    const fresh = async (): Promise<Loaded> => {
      try {
        await original(false, params);
      } catch (error) {
        // ccxt keeps the failed download as the instance's answer for good: forget it, so an
        // instance that lives on (one per account for a whole run) can try again.
        (exchange as unknown as { marketsLoading?: unknown }).marketsLoading = undefined;
        throw error;
      }
      return { markets: exchange.markets, currencies: exchange.currencies, at: Date.now() };
    };
    if (shared) {
      const loaded = await shared.catch(() => undefined);
      if (!loaded || Date.now() - loaded.at > TTL_MS) shared = undefined;
      else if (!exchange.markets || Object.keys(exchange.markets).length === 0) {
        (exchange.setMarkets as (markets: unknown, currencies?: unknown) => unknown)(loaded.markets, loaded.currencies);
        return exchange.markets;
      }
    }
    if (!shared) {
      shared = fresh();
      cache.set(key, shared);
      // A failed download is not cached: the next instance tries again.
      shared.catch(() => cache.delete(key));
      await shared;
      return exchange.markets;
    }
    return exchange.markets;
  }) as Exchange['loadMarkets'];
}

/** For tests. */
export function clearMarketCache(): void {
  cache.clear();
}
