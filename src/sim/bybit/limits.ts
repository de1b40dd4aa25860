// Bybit's limits: 600 requests per 5 s per IP for all traffic (breach: HTTP 403 and a ban of at
// least 10 minutes), and per-UID per-endpoint limits per second (breach: retCode 10006), reported
// in X-Bapi-Limit, X-Bapi-Limit-Status and X-Bapi-Limit-Reset-Timestamp. Windows scale with the
// scenario's "minute".
import { FixedWindowCounter } from '../server/windows.js';

export interface BybitLimitSettings {
  minuteMs: number;
  ipRequestsPer5Seconds: number;
  endpointLimitFactor: number;
}

export type EndpointVerdict = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string> };

export class BybitLimiter {
  private readonly ip: FixedWindowCounter;
  private readonly perSecond: FixedWindowCounter;
  private readonly perMinute: FixedWindowCounter;
  private readonly bans = new Map<string, number>();
  private readonly scale: number;

  constructor(readonly settings: BybitLimitSettings) {
    this.scale = settings.minuteMs / 60_000;
    this.ip = new FixedWindowCounter(Math.max(1, Math.round(5000 * this.scale)));
    this.perSecond = new FixedWindowCounter(Math.max(1, Math.round(1000 * this.scale)));
    this.perMinute = new FixedWindowCounter(Math.max(1, Math.round(settings.minuteMs)));
  }

  /** False when the IP is over its limit or banned (answer HTTP 403). */
  chargeIp(ip: string, now: number): boolean {
    const bannedUntil = this.bans.get(ip);
    if (bannedUntil !== undefined && bannedUntil > now) return false;
    if (this.ip.add(ip, 1, now) > this.settings.ipRequestsPer5Seconds) {
      this.bans.set(ip, now + 10 * this.settings.minuteMs);
      return false;
    }
    return true;
  }

  chargeEndpoint(uid: number, path: string, limit: number, perMinute: boolean, now: number): EndpointVerdict {
    const counter = perMinute ? this.perMinute : this.perSecond;
    const scaledLimit = Math.max(1, Math.floor(limit * this.settings.endpointLimitFactor));
    const used = counter.add(`${uid}:${path}`, 1, now);
    const over = used > scaledLimit;
    const headers = {
      'X-Bapi-Limit': String(scaledLimit),
      'X-Bapi-Limit-Status': String(Math.max(0, scaledLimit - used)),
      'X-Bapi-Limit-Reset-Timestamp': String(over ? counter.resetAt(now) : now),
    };
    return over ? { ok: false, headers } : { ok: true, headers };
  }
}
