// Binance SIGNED-endpoint checks, in Binance's order: API key present and well-formed, key known,
// timestamp/recvWindow, HMAC-SHA256 signature over the raw query string + body, trusted IPs.
// Permissions are checked per route afterwards.
import type { SimState } from '../model/state.js';
import type { SimKey } from '../model/types.js';
import { signatureMatches } from '../server/hmac.js';
import { clientIp, Params, type SimRequest } from '../server/request.js';
import { binanceErrors } from './errors.js';

/** The part of the raw request that was signed, and the signature sent with it. */
export function splitSignature(request: SimRequest): { payload: string; signature: string | undefined } {
  // Binance signs "query string concatenated with the body"; ccxt puts everything in one of them.
  const total = request.rawQuery + request.rawBody;
  const match = /(^|&)signature=([^&]*)$/.exec(total) ?? /(^|&)signature=([^&]*)/.exec(total);
  if (!match) return { payload: total, signature: undefined };
  const payload = total.slice(0, match.index);
  return { payload, signature: match[2] };
}

export function isSapi(pathname: string): boolean {
  return pathname.startsWith('/sapi/');
}

export interface Authenticated {
  key: SimKey;
}

export function authenticate(state: SimState, request: SimRequest, params: Params, serverTime: number): Authenticated {
  const apiKey = request.headers['x-mbx-apikey'];
  if (apiKey === undefined || apiKey === '' || !/^[A-Za-z0-9]{1,128}$/.test(apiKey)) throw binanceErrors.keyFormat();
  const key = state.liveKey('binance', apiKey);
  if (!key) throw isSapi(request.pathname) ? binanceErrors.invalidKeyId() : binanceErrors.rejectedKey();

  const timestampText = params.get('timestamp');
  if (timestampText === undefined) throw binanceErrors.mandatory('timestamp');
  if (!/^\d{1,17}$/.test(timestampText)) throw binanceErrors.illegalChars('timestamp');
  let timestamp = Number(timestampText);
  // Microseconds are accepted too (16 digits).
  if (timestampText.length >= 16) timestamp = Math.floor(timestamp / 1000);
  const recvWindowText = params.get('recvWindow');
  if (recvWindowText !== undefined && !/^\d{1,12}(\.\d+)?$/.test(recvWindowText)) throw binanceErrors.illegalChars('recvWindow');
  const recvWindow = recvWindowText === undefined ? 5000 : Number(recvWindowText);
  if (recvWindow > 60000) throw binanceErrors.recvWindow();
  if (timestamp >= serverTime + 1000) throw binanceErrors.timestampAhead();
  if (serverTime - timestamp > recvWindow) throw binanceErrors.timestampOutside();

  const { payload, signature } = splitSignature(request);
  if (signature === undefined || signature === '') throw binanceErrors.mandatory('signature');
  if (!signatureMatches(key.secret, payload, signature)) throw binanceErrors.signature();

  const ip = clientIp(request);
  if (key.ips.length > 0 && !key.ips.includes(ip)) throw binanceErrors.rejectedKey(ip);
  return { key };
}

/** The parameters of a Binance request: the query string, then the form body (never JSON). */
export function binanceParams(request: SimRequest): Params {
  const params = Params.fromPairs(request.rawQuery);
  const body = Params.fromPairs(request.rawBody);
  for (const name of body.names) params.set(name, body.get(name) ?? '');
  return params;
}
