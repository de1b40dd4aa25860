// One machine, one IP address: the exchange counts the requests of every account kit contains at
// once against the same per-IP limit (Bybit 600 requests in 5 s, Binance 6000 weight a minute),
// while each ccxt instance paces only itself. One pacer per exchange (and base URL) for the whole
// process keeps their sum under the limit, so 200 accounts in one incident meet no 429.
import type { Exchange } from 'ccxt';
import { systemClock } from './clock.js';
import { gatewayOf, type RequestInfo } from './gateway.js';
import { signalNow, type SignalSource } from './signal-scope.js';
import { BINANCE_DEFAULT_BUCKETS, BYBIT_DEFAULT_BUCKETS, binanceWeights } from './sweep/limits.js';
import { Pacer, type BucketSpec } from './sweep/pacer.js';

const LIMITS: Record<string, { buckets: BucketSpec[]; weigh: (request: RequestInfo) => Record<string, number> }> = {
  binance: { buckets: BINANCE_DEFAULT_BUCKETS, weigh: binanceWeights },
  bybit: { buckets: BYBIT_DEFAULT_BUCKETS, weigh: () => ({ ip: 1 }) },
};

const pacers = new Map<string, Pacer>();

/** Routes every request of `exchange` through the process-wide pacer of its exchange, if kit knows its limit. */
export function installSharedIpLimit(exchange: Exchange, baseUrl: string | undefined, signal?: SignalSource): void {
  const state = gatewayOf(exchange);
  const limits = LIMITS[exchange.id];
  if (!state || !limits) return;
  const key = `${exchange.id} ${baseUrl ?? 'exchange'}`;
  let pacer = pacers.get(key);
  if (!pacer) {
    // Only the windows count here: the number of requests in flight is each instance's business.
    pacer = new Pacer(limits.buckets.map((b) => ({ ...b })), { clock: systemClock, safety: 0.9, maxInFlight: Number.MAX_SAFE_INTEGER });
    pacers.set(key, pacer);
  }
  const shared = pacer;
  state.beforeRequest.push((request) => shared.acquire(limits.weigh(request), signalNow(signal)));
  state.afterResponse.push(() => shared.release());
}
