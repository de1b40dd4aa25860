// Binance's limits: REQUEST_WEIGHT per IP on /api, separate IP and UID weight pools on /sapi, a
// REQUEST_WEIGHT pool per IP of its own on /fapi (USDⓈ-M futures), ORDERS per account per 10 s,
// and the IP ban (HTTP 418) for clients that keep going after 429s. /fapi is another host on the
// real exchange, so its refusals and bans are counted apart from /api's and /sapi's.
// The "minute" is a scenario setting so benchmarks can shrink it; everything scales with it.
import { FixedWindowCounter, describeWindow } from '../server/windows.js';
import { binanceErrors, type BinanceApiError } from './errors.js';

export type WeightPool = 'api' | 'sapi-ip' | 'sapi-uid' | 'fapi';

export interface BinanceLimitSettings {
  minuteMs: number;
  requestWeightPerMinute: number;
  fapiRequestWeightPerMinute: number;
  sapiIpWeightPerMinute: number;
  sapiUidWeightPerMinute: number;
  ordersPer10Seconds: number;
  banAfter429s: number;
  banMinutes: number;
}

export class BinanceLimiter {
  readonly minuteMs: number;
  private readonly weights: FixedWindowCounter;
  private readonly orders: FixedWindowCounter;
  private readonly ordersToday = new FixedWindowCounter(86_400_000);
  private readonly perSecond: FixedWindowCounter;
  private readonly refusals: FixedWindowCounter;
  private readonly bans = new Map<string, number>();

  constructor(readonly settings: BinanceLimitSettings) {
    // Whole seconds, so the window can be named in headers and exchangeInfo as Binance names it.
    this.minuteMs = Math.max(1000, Math.round(settings.minuteMs / 1000) * 1000);
    this.weights = new FixedWindowCounter(this.minuteMs);
    this.refusals = new FixedWindowCounter(this.minuteMs);
    this.orders = new FixedWindowCounter(Math.max(1000, Math.round(this.minuteMs / 6)));
    this.perSecond = new FixedWindowCounter(Math.max(100, Math.round(this.minuteMs / 60)));
  }

  private limitOf(pool: WeightPool): number {
    if (pool === 'api') return this.settings.requestWeightPerMinute;
    if (pool === 'fapi') return this.settings.fapiRequestWeightPerMinute;
    return pool === 'sapi-ip' ? this.settings.sapiIpWeightPerMinute : this.settings.sapiUidWeightPerMinute;
  }

  /** The header suffix, e.g. `1m`. */
  get windowSuffix(): string {
    const w = describeWindow(this.minuteMs);
    return `${w.num}${w.letter}`;
  }

  /** Throws the 418/429 answer when the request may not run; otherwise charges its weight. */
  charge(ip: string, pool: WeightPool, poolKey: string, weight: number, now: number): void {
    const host = pool === 'fapi' ? `fapi:${ip}` : ip;
    const bannedUntil = this.bans.get(host);
    if (bannedUntil !== undefined && bannedUntil > now) throw binanceErrors.banned(bannedUntil, Math.ceil((bannedUntil - now) / 1000));
    const key = `${pool}:${poolKey}`;
    const limit = this.limitOf(pool);
    if (this.weights.used(key, now) + weight > limit) throw this.refuse(host, limit, now);
    this.weights.add(key, weight, now);
  }

  /** A per-second request cap for one endpoint (withdraw history: 10 requests per second). */
  chargePerSecond(ip: string, endpoint: string, limit: number, now: number): void {
    if (this.perSecond.add(`${ip}:${endpoint}`, 1, now) > limit) {
      throw binanceErrors.tooMuchWeight(limit, 'SECOND', Math.max(1, Math.ceil(this.perSecond.msUntilReset(now) / 1000)));
    }
  }

  chargeOrder(account: string, now: number): void {
    if (this.orders.used(account, now) + 1 > this.settings.ordersPer10Seconds) {
      throw binanceErrors.tooManyOrders(this.settings.ordersPer10Seconds, Math.max(1, Math.ceil(this.orders.msUntilReset(now) / 1000)));
    }
    this.orders.add(account, 1, now);
    this.ordersToday.add(account, 1, now);
  }

  /** X-MBX-ORDER-COUNT-* headers for a successful order (the account's unfilled-order counts). */
  orderCountHeaders(account: string, now: number): Record<string, string> {
    const w = describeWindow(this.orders.windowMs);
    return {
      [`x-mbx-order-count-${w.num}${w.letter}`]: String(this.orders.used(account, now)),
      'x-mbx-order-count-1d': String(this.ordersToday.used(account, now)),
    };
  }

  /** `host`: the IP, prefixed for hosts counted apart (fapi). */
  private refuse(host: string, limit: number, now: number): BinanceApiError {
    const refusals = this.refusals.add(host, 1, now);
    if (refusals > this.settings.banAfter429s) {
      // Kept on hammering after 429s: an automated IP ban.
      const until = now + this.settings.banMinutes * this.minuteMs;
      this.bans.set(host, until);
      return binanceErrors.banned(until, Math.ceil((until - now) / 1000));
    }
    const w = describeWindow(this.minuteMs);
    return binanceErrors.tooMuchWeight(limit, `${w.num} ${w.name}`, Math.max(1, Math.ceil(this.weights.msUntilReset(now) / 1000)));
  }

  used(pool: WeightPool, poolKey: string, now: number): number {
    return this.weights.used(`${pool}:${poolKey}`, now);
  }

  /** A rate-limit burst fault: the 429 Binance would send. */
  burst(now: number): BinanceApiError {
    const w = describeWindow(this.minuteMs);
    return binanceErrors.tooMuchWeight(this.settings.requestWeightPerMinute, `${w.num} ${w.name}`, Math.max(1, Math.ceil(this.weights.msUntilReset(now) / 1000)));
  }
}
