// The exchanges' real rate limits, wired into a Pacer through the gateway's request hook.
// Binance: REQUEST_WEIGHT per minute for /api (declared in exchangeInfo.rateLimits, reported in
// X-MBX-USED-WEIGHT-1M), a separate IP weight per minute for /sapi (X-SAPI-USED-IP-WEIGHT-1M),
// and USDⓈ-M futures' own REQUEST_WEIGHT for /fapi (declared in /fapi/v1/exchangeInfo, reported
// in the same header name on fapi answers).
// Bybit: 600 requests per 5 s per IP, and a per-endpoint per-second limit (X-Bapi-Limit,
// X-Bapi-Limit-Status, X-Bapi-Limit-Reset-Timestamp).
import type { Exchange } from 'ccxt';
import { gatewayOf, type RequestInfo, type ResponseInfo } from '../gateway.js';
import type { Pacer } from './pacer.js';

/** Binance /api/v3 request weights (binance-spot-api-docs rest-api.md). */
const BINANCE_API_WEIGHTS: Record<string, number> = {
  '/api/v3/myTrades': 20,
  '/api/v3/allOrders': 20,
  '/api/v3/account': 20,
  '/api/v3/exchangeInfo': 20,
  '/api/v3/klines': 2,
  '/api/v3/time': 1,
  '/api/v3/ping': 1,
  '/api/v3/order': 4,
  '/api/v3/ticker/price': 2,
};

/** Binance /sapi IP weights (developers.binance.com); UID-weighted endpoints count 1 here. */
const BINANCE_SAPI_WEIGHTS: Record<string, number> = {
  '/sapi/v1/capital/config/getall': 10,
  '/sapi/v1/margin/isolated/allPairs': 10,
};

/** Binance /fapi request weights (USDⓈ-M futures REST docs). */
const BINANCE_FAPI_WEIGHTS: Record<string, number> = {
  '/fapi/v1/exchangeInfo': 1,
  '/fapi/v1/userTrades': 5,
  '/fapi/v1/allOrders': 5,
  '/fapi/v1/income': 30,
  '/fapi/v1/allOpenOrders': 1,
  '/fapi/v1/order': 1,
  '/fapi/v2/positionRisk': 5,
  '/fapi/v3/positionRisk': 5,
};

export function binanceWeights(request: RequestInfo): Record<string, number> {
  const path = request.endpoint;
  if (path.startsWith('/sapi/')) return { sapi: BINANCE_SAPI_WEIGHTS[path] ?? 1 };
  if (path.startsWith('/fapi/')) {
    if (path === '/fapi/v1/openOrders') return { fapi: /[?&]symbol=/.test(request.url) ? 1 : 40 };
    return { fapi: BINANCE_FAPI_WEIGHTS[path] ?? 5 };
  }
  if (!path.startsWith('/api/')) return {};
  if (path === '/api/v3/openOrders') {
    if (request.method !== 'GET') return { api: 1 };
    return { api: /[?&]symbol=/.test(request.url) ? 6 : 80 };
  }
  if (path === '/api/v3/myTrades' && /[?&]orderId=/.test(request.url)) return { api: 5 };
  return { api: BINANCE_API_WEIGHTS[path] ?? 5 };
}

interface RateLimitDeclaration {
  rateLimitType?: string;
  interval?: string;
  intervalNum?: number;
  limit?: number;
}

const INTERVAL_MS: Record<string, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** Binance's REQUEST_WEIGHT limit as exchangeInfo declares it. */
export function declaredRequestWeight(exchangeInfoBody: string): { limit: number; windowMs: number } | undefined {
  try {
    const info = JSON.parse(exchangeInfoBody) as { rateLimits?: RateLimitDeclaration[] };
    const weight = info.rateLimits?.find((r) => r.rateLimitType === 'REQUEST_WEIGHT');
    if (!weight?.limit || !weight.interval) return undefined;
    return { limit: weight.limit, windowMs: (INTERVAL_MS[weight.interval] ?? 60_000) * (weight.intervalNum ?? 1) };
  } catch {
    return undefined;
  }
}

function retryAfterMs(headers: Record<string, string>): number {
  const seconds = Number(headers['retry-after']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5_000;
}

function usageHeader(headers: Record<string, string>, prefix: string): number | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(prefix) && /^\d+[smhd]$/.test(name.slice(prefix.length))) {
      const n = Number(value);
      if (Number.isFinite(n)) return n;
    }
  }
  return undefined;
}

// Binance counts weight per calendar minute (fixed windows starting on the minute). The 5%
// margin below the limit also covers requests that leave in one window and arrive in the next
// (at most maxInFlight x 20 weight).
export const BINANCE_DEFAULT_BUCKETS = [
  { name: 'api', limit: 6000, windowMs: 60_000, mode: 'fixed' as const },
  { name: 'sapi', limit: 12_000, windowMs: 60_000, mode: 'fixed' as const },
  { name: 'fapi', limit: 2400, windowMs: 60_000, mode: 'fixed' as const },
];

export interface PacingHandle {
  /** The declared REQUEST_WEIGHT limit, once exchangeInfo was seen. */
  declared?: { limit: number; windowMs: number };
  /** Responses with HTTP 429 or 418. */
  rateLimited: number;
}

/** Routes every request of `exchange` through `pacer` with Binance's weights and headers. */
export function installBinancePacing(exchange: Exchange, pacer: Pacer, signal?: AbortSignal): PacingHandle {
  const state = gatewayOf(exchange);
  if (!state) throw new Error('installBinancePacing needs an instance made by connect()');
  const handle: PacingHandle = { rateLimited: 0 };
  state.beforeRequest.push((request) => pacer.acquire(binanceWeights(request), signal));
  state.afterResponse.push((response: ResponseInfo) => {
    pacer.release();
    // The declared limits first: a usage header read before them would be held against the
    // default (minute) window.
    if (response.endpoint === '/api/v3/exchangeInfo' && response.body && response.status === 200) {
      const declared = declaredRequestWeight(response.body);
      if (declared) {
        handle.declared = declared;
        pacer.setLimit('api', declared.limit, declared.windowMs);
        // /sapi IP weight shares the same (minute) window length.
        pacer.setLimit('sapi', pacer.bucket('sapi')?.limit ?? 12_000, declared.windowMs);
      }
    }
    if (response.endpoint === '/fapi/v1/exchangeInfo' && response.body && response.status === 200) {
      const declared = declaredRequestWeight(response.body);
      if (declared) pacer.setLimit('fapi', declared.limit, declared.windowMs);
    }
    // X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter): 1m on Binance, e.g. 6s on a time-scaled
    // simulator. Spot and futures answers use the same name for their own, separate limits.
    const futures = response.endpoint.startsWith('/fapi/');
    const used = usageHeader(response.headers, 'x-mbx-used-weight-');
    if (used !== undefined) pacer.reportUsed(futures ? 'fapi' : 'api', used);
    const sapiUsed = usageHeader(response.headers, 'x-sapi-used-ip-weight-');
    if (sapiUsed !== undefined) pacer.reportUsed('sapi', sapiUsed);
    if (response.status === 429 || response.status === 418) {
      handle.rateLimited++;
      pacer.backoff(retryAfterMs(response.headers));
    }
  });
  // kit paces by the real limit now; ccxt's own (slower, generic) spacing would only add delay.
  exchange.enableRateLimit = false;
  return handle;
}

/** Bybit per-endpoint limits per second (docs/v5 rate-limit), used until the headers say. */
const BYBIT_ENDPOINT_LIMITS: Record<string, { limit: number; windowMs: number }> = {
  '/v5/execution/list': { limit: 50, windowMs: 1000 },
  '/v5/order/history': { limit: 50, windowMs: 1000 },
  '/v5/order/realtime': { limit: 50, windowMs: 1000 },
  '/v5/account/wallet-balance': { limit: 50, windowMs: 1000 },
  '/v5/asset/deposit/query-record': { limit: 100, windowMs: 60_000 },
  '/v5/asset/withdraw/query-record': { limit: 300, windowMs: 60_000 },
  '/v5/user/query-api': { limit: 10, windowMs: 1000 },
};

export const BYBIT_DEFAULT_BUCKETS = [{ name: 'ip', limit: 600, windowMs: 5000 }];

export function installBybitPacing(exchange: Exchange, pacer: Pacer, signal?: AbortSignal): PacingHandle {
  const state = gatewayOf(exchange);
  if (!state) throw new Error('installBybitPacing needs an instance made by connect()');
  const handle: PacingHandle = { rateLimited: 0 };
  const known = new Set<string>();
  const endpointBucket = (path: string): string => {
    const name = `ep:${path}`;
    if (!known.has(path)) {
      known.add(path);
      const spec = BYBIT_ENDPOINT_LIMITS[path] ?? { limit: 10, windowMs: 1000 };
      pacer.setLimit(name, spec.limit, spec.windowMs);
    }
    return name;
  };
  state.beforeRequest.push((request) => pacer.acquire({ ip: 1, ...(request.endpoint.startsWith('/v5/') ? { [endpointBucket(request.endpoint)]: 1 } : {}) }, signal));
  state.afterResponse.push((response) => {
    pacer.release();
    const limit = Number(response.headers['x-bapi-limit']);
    const perMinute = BYBIT_ENDPOINT_LIMITS[response.endpoint]?.windowMs === 60_000;
    if (Number.isFinite(limit) && limit > 0 && !perMinute) pacer.setLimit(endpointBucket(response.endpoint), limit, 1000);
    const remaining = Number(response.headers['x-bapi-limit-status']);
    const reset = Number(response.headers['x-bapi-limit-reset-timestamp']);
    if (response.headers['x-bapi-limit-status'] !== undefined && remaining <= 0 && Number.isFinite(reset)) pacer.backoff(Math.max(0, reset - Date.now()));
    const body = response.body ?? '';
    if (response.status === 429 || response.status === 403 || /"retCode"\s*:\s*10006\b/.test(body)) {
      handle.rateLimited++;
      pacer.backoff(response.status === 403 ? 60_000 : retryAfterMs(response.headers));
    }
  });
  exchange.enableRateLimit = false;
  return handle;
}
