// The Binance dialect: routes /api/v3, /sapi/v1|v2, /fapi/v1|v3, /dapi/v1. Order of work per request:
// route lookup, IP ban / weight limit, authentication (signed routes), permissions, the handler.
// Every answer carries Binance's used-weight headers; every error has Binance's {code,msg} shape.
import type { SimKey } from '../model/types.js';
import type { SimWorld } from '../model/world.js';
import type { Dialect, DialectAnswer } from '../server/dialect.js';
import { badGatewayAnswer, jsonAnswer } from '../server/dialect.js';
import { clientIp, type SimRequest } from '../server/request.js';
import { authenticate, binanceParams, isSapi } from './auth.js';
import { BinanceApiError, binanceErrors } from './errors.js';
import type { BinanceLimiter, WeightPool } from './limits.js';
import { futuresAccountRoutes } from './routes-futures-account.js';
import { futuresHistoryRoutes } from './routes-futures-history.js';
import { futuresRoutes } from './routes-futures.js';
import { historyRoutes } from './routes-history.js';
import { keyRoutes } from './routes-keys.js';
import { marketRoutes } from './routes-market.js';
import { tradingRoutes } from './routes-trading.js';
import type { BinanceCall, BinanceRoute } from './types.js';

const ROUTES = new Map<string, BinanceRoute>();
for (const route of [...marketRoutes, ...tradingRoutes, ...historyRoutes, ...keyRoutes, ...futuresRoutes, ...futuresHistoryRoutes, ...futuresAccountRoutes]) ROUTES.set(`${route.method} ${route.path}`, route);
const KNOWN_PATHS = new Set([...ROUTES.values()].map((r) => r.path));

const PREFIXES = ['/api/', '/sapi/', '/fapi/', '/dapi/'];

export class BinanceDialect implements Dialect {
  readonly exchange = 'binance' as const;
  constructor(private readonly world: SimWorld, private readonly limiter: BinanceLimiter, private readonly serverTime: () => number) {}

  owns(pathname: string): boolean {
    return PREFIXES.some((p) => pathname.startsWith(p));
  }

  handle(request: SimRequest): DialectAnswer {
    const route = ROUTES.get(`${request.method} ${request.pathname}`);
    const apiKey = request.headers['x-mbx-apikey'] || undefined;
    const mutating = route?.mutating ?? false;
    let weight = 0;
    try {
      if (!route) {
        // A known path with the wrong method, or no such endpoint: Binance answers 404 without JSON
        // for unknown paths; ccxt maps that to ExchangeNotAvailable.
        if (KNOWN_PATHS.has(request.pathname)) throw new BinanceApiError(405, -1000, `Request method '${request.method}' not supported`);
        return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>', apiKey, mutating: false, weight: 0 };
      }
      const params = binanceParams(request);
      weight = typeof route.weight === 'function' ? route.weight(params) : route.weight;
      const now = this.serverTime();
      const ip = clientIp(request);
      if (route.pool !== 'none') this.limiter.charge(ip, route.pool, route.pool === 'sapi-uid' ? apiKey ?? ip : ip, weight, now);
      if (route.perSecond !== undefined) this.limiter.chargePerSecond(ip, route.path, route.perSecond, now);
      const call: Omit<BinanceCall, 'key'> = { request, params, world: this.world, state: this.world.state, now, limiter: this.limiter };
      let body: unknown;
      let extraHeaders: Record<string, string> = {};
      if (route.signed) {
        const { key } = authenticate(this.world.state, request, params, now);
        this.checkPermissions(route, key, request.pathname);
        body = route.handle({ ...call, key });
        if (route.placesOrder) extraHeaders = this.limiter.orderCountHeaders(key.account, now);
      } else {
        body = route.handle(call as BinanceCall);
      }
      return jsonAnswer(200, body, { headers: { ...this.weightHeaders(route.pool, apiKey, ip, now), ...extraHeaders }, apiKey, mutating, weight });
    } catch (error) {
      const apiError = error instanceof BinanceApiError ? error : binanceErrors.internal();
      const pool = route?.pool ?? 'api';
      const headers = { ...this.weightHeaders(pool, apiKey, clientIp(request), this.serverTime()), ...apiError.headers };
      return jsonAnswer(apiError.status, { code: apiError.code, msg: apiError.message }, { headers, apiKey, mutating, weight });
    }
  }

  private checkPermissions(route: BinanceRoute, key: SimKey, pathname: string): void {
    for (const need of route.needs ?? []) {
      // /api/v3 refuses with the ambiguous -2015; /sapi with -1002 (PermissionDenied in ccxt).
      const refuse = isSapi(pathname) ? binanceErrors.unauthorized() : binanceErrors.rejectedKey();
      if (need === 'master' && this.world.state.account(key.account).parent !== undefined) throw refuse;
      if (need === 'trade' && !key.permissions.has('trade')) throw refuse;
      if (need === 'withdraw' && !key.permissions.has('withdraw')) throw refuse;
      if (need === 'futures' && !key.permissions.has('futures')) throw refuse;
    }
  }

  private weightHeaders(pool: WeightPool | 'none', apiKey: string | undefined, ip: string, now: number): Record<string, string> {
    const suffix = this.limiter.windowSuffix;
    if (pool === 'api' || pool === 'none') {
      const used = String(this.limiter.used('api', ip, now));
      return { 'x-mbx-used-weight': used, [`x-mbx-used-weight-${suffix}`]: used };
    }
    // /fapi reports only the suffixed header, as fapi.binance.com does.
    if (pool === 'fapi') return { [`x-mbx-used-weight-${suffix}`]: String(this.limiter.used('fapi', ip, now)) };
    if (pool === 'sapi-ip') return { [`x-sapi-used-ip-weight-${suffix}`]: String(this.limiter.used('sapi-ip', ip, now)) };
    return { [`x-sapi-used-uid-weight-${suffix}`]: String(this.limiter.used('sapi-uid', apiKey ?? ip, now)) };
  }

  burstAnswer(request: SimRequest): DialectAnswer {
    const error = this.limiter.burst(this.serverTime());
    return jsonAnswer(error.status, { code: error.code, msg: error.message }, { headers: error.headers, apiKey: request.headers['x-mbx-apikey'] || undefined });
  }

  serverErrorAnswer(request: SimRequest): DialectAnswer {
    return badGatewayAnswer(request.headers['x-mbx-apikey'] || undefined);
  }
}
