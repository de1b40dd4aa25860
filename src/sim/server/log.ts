// The request log and counters the admin interface exposes. No secret, signature or query string
// is kept: a key appears only as its fingerprint, a request only as method + path.
import type { ExchangeId } from '../scenario/schema.js';

export interface RequestLogEntry {
  /** Server time, ms. */
  time: number;
  method: string;
  path: string;
  exchange: ExchangeId | 'admin' | 'unknown';
  /** First 8 hex of sha256(apiKey), or null for unsigned requests. */
  keyFingerprint: string | null;
  mutating: boolean;
  status: number;
  /**
   * Whether the exchange did what was asked: a 2xx answer that is not an error in disguise
   * (Bybit answers its errors with HTTP 200 and a non-zero retCode). Tests count writes by it.
   */
  ok?: boolean;
  /** What the sim did besides answering normally (fault injection), if anything. */
  fault?: 'server-error' | 'drop' | 'hang' | 'rate-limit-burst';
}

export interface SimCounters {
  requests: number;
  mutating: number;
  /** Answers with HTTP 429 (and Bybit's retCode 10006 / 403 limit answers). */
  rateLimited: number;
  /** Binance IP-ban answers (HTTP 418). */
  banned: number;
  /** Request weight used (Binance /api + /sapi + /fapi weights, Bybit counts 1 per request). */
  weight: number;
  serverErrors: number;
  dropped: number;
  hung: number;
}

const MAX_LOG_ENTRIES = 100_000;

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  readonly counters: SimCounters = { requests: 0, mutating: 0, rateLimited: 0, banned: 0, weight: 0, serverErrors: 0, dropped: 0, hung: 0 };

  record(entry: RequestLogEntry, weight: number): void {
    if (entry.exchange !== 'admin') {
      this.counters.requests += 1;
      if (entry.mutating) this.counters.mutating += 1;
      if (entry.status === 429 || entry.status === 403 && entry.exchange === 'bybit') this.counters.rateLimited += 1;
      if (entry.status === 418) this.counters.banned += 1;
      if (entry.status >= 500) this.counters.serverErrors += 1;
      if (entry.fault === 'drop') this.counters.dropped += 1;
      if (entry.fault === 'hang') this.counters.hung += 1;
      this.counters.weight += weight;
    }
    this.entries.push(entry);
    // A long benchmark must not grow memory without bound: keep the newest entries.
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
  }

  /** Counts a Bybit retCode-10006 answer (HTTP 200) as rate limited. */
  countRateLimited(): void {
    this.counters.rateLimited += 1;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }
}

/** Whether an answer reports success: a 2xx status and, on Bybit, retCode 0. */
export function answeredOk(exchange: string, status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (exchange !== 'bybit') return true;
  const code = /"retCode"\s*:\s*(-?\d+)/.exec(body.slice(0, 200))?.[1];
  return code === undefined || code === '0';
}
