// The contract between the HTTP server and an exchange dialect (binance/, bybit/).
import type { ExchangeId } from '../scenario/schema.js';
import type { SimRequest } from './request.js';

export interface DialectAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The API key the request presented (for the log's fingerprint), if any. */
  apiKey?: string;
  mutating: boolean;
  /** Weight charged to the rate limiter. */
  weight: number;
  /** A rate-limit refusal that is not visible in the HTTP status (Bybit retCode 10006). */
  rateLimited?: boolean;
}

export interface Dialect {
  readonly exchange: ExchangeId;
  /** True when this dialect serves the path (by prefix). */
  owns(pathname: string): boolean;
  handle(request: SimRequest): DialectAnswer;
  /** The exchange's answer during an injected rate-limit burst. */
  burstAnswer(request: SimRequest): DialectAnswer;
  /** The exchange's answer for an injected internal error. */
  serverErrorAnswer(request: SimRequest): DialectAnswer;
}

export function jsonAnswer(status: number, value: unknown, extra: Partial<DialectAnswer> = {}): DialectAnswer {
  return {
    mutating: false, weight: 0, ...extra, status, body: JSON.stringify(value),
    headers: { 'content-type': 'application/json;charset=UTF-8', ...(extra.headers ?? {}) },
  };
}

/** What a failing gateway in front of either exchange sends: HTML, HTTP 502 (ccxt: ExchangeNotAvailable). */
export function badGatewayAnswer(apiKey: string | undefined): DialectAnswer {
  return {
    status: 502, headers: { 'content-type': 'text/html' }, mutating: false, weight: 0, apiKey,
    body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
  };
}
