// The Bybit v5 dialect: routes /v5/*. Per request: IP limit, route lookup, authentication
// (private routes), per-endpoint UID limit, permissions, the handler. Every JSON answer is the
// v5 envelope {retCode, retMsg, result, retExtInfo, time}.
import type { SimWorld } from '../model/world.js';
import type { SimKey } from '../model/types.js';
import type { Dialect, DialectAnswer } from '../server/dialect.js';
import { badGatewayAnswer, jsonAnswer } from '../server/dialect.js';
import { clientIp, Params, type SimRequest } from '../server/request.js';
import { authenticateBybit } from './auth.js';
import { BybitApiError, bybitErrors } from './errors.js';
import type { BybitLimiter } from './limits.js';
import { historyRoutes } from './routes-history.js';
import { keyRoutes } from './routes-keys.js';
import { marketRoutes } from './routes-market.js';
import { tradingRoutes } from './routes-trading.js';
import type { BybitCall, BybitRoute } from './types.js';

const ROUTES = new Map<string, BybitRoute>();
for (const route of [...marketRoutes, ...tradingRoutes, ...historyRoutes, ...keyRoutes]) ROUTES.set(`${route.method} ${route.path}`, route);

function envelope(retCode: number, retMsg: string, result: unknown, now: number): unknown {
  return { retCode, retMsg, result, retExtInfo: {}, time: now };
}

/** The JSON body of a POST: an object, or an error in Bybit's shape. */
function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bybitErrors.params('request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bybitErrors.params('request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export class BybitDialect implements Dialect {
  readonly exchange = 'bybit' as const;
  constructor(private readonly world: SimWorld, private readonly limiter: BybitLimiter, private readonly serverTime: () => number) {}

  owns(pathname: string): boolean {
    return pathname.startsWith('/v5/');
  }

  handle(request: SimRequest): DialectAnswer {
    const now = this.serverTime();
    const apiKey = request.headers['x-bapi-api-key'] || undefined;
    const route = ROUTES.get(`${request.method} ${request.pathname}`);
    const mutating = route?.mutating ?? false;
    if (!this.limiter.chargeIp(clientIp(request), now)) {
      return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'access too frequent', apiKey, mutating, weight: 1 };
    }
    let headers: Record<string, string> = {};
    try {
      if (!route) throw bybitErrors.routeNotFound();
      const body = request.method === 'POST' ? parseBody(request.rawBody) : {};
      const params = request.method === 'POST' ? Params.fromObject(body) : Params.fromPairs(request.rawQuery);
      const call: Omit<BybitCall, 'key'> = { request, params, body, world: this.world, state: this.world.state, now };
      let result: unknown;
      if (route.signed) {
        const key = authenticateBybit(this.world.state, request, now);
        if (route.limit !== undefined) {
          const verdict = this.limiter.chargeEndpoint(this.world.state.account(key.account).uid, route.path, route.limit, route.perMinute ?? false, now);
          headers = verdict.headers;
          if (!verdict.ok) {
            const error = bybitErrors.tooManyVisits();
            return jsonAnswer(200, envelope(error.retCode, error.message, {}, now), { headers, apiKey, mutating, weight: 1, rateLimited: true });
          }
        }
        this.checkPermissions(route, key);
        result = route.handle({ ...call, key });
      } else {
        result = route.handle(call as BybitCall);
      }
      return jsonAnswer(200, envelope(0, 'OK', result, now), { headers, apiKey, mutating, weight: 1 });
    } catch (error) {
      const apiError = error instanceof BybitApiError ? error : bybitErrors.internal();
      return jsonAnswer(apiError.status, envelope(apiError.retCode, apiError.message, {}, now), { headers, apiKey, mutating, weight: 1 });
    }
  }

  private checkPermissions(route: BybitRoute, key: SimKey): void {
    for (const need of route.needs ?? []) {
      if (need === 'master' && this.world.state.account(key.account).parent !== undefined) throw bybitErrors.permission();
      if (need === 'trade' && !key.permissions.has('trade')) throw bybitErrors.permission();
      if (need === 'key-admin' && !['transfer', 'subaccount-transfer', 'withdraw'].some((p) => key.permissions.has(p as 'transfer'))) throw bybitErrors.permission();
    }
  }

  burstAnswer(request: SimRequest): DialectAnswer {
    const error = bybitErrors.tooManyVisits();
    return jsonAnswer(429, envelope(error.retCode, error.message, {}, this.serverTime()), { apiKey: request.headers['x-bapi-api-key'] || undefined, rateLimited: false });
  }

  serverErrorAnswer(request: SimRequest): DialectAnswer {
    return badGatewayAnswer(request.headers['x-bapi-api-key'] || undefined);
  }
}
