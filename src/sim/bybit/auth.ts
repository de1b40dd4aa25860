// Bybit v5 header authentication: X-BAPI-API-KEY, -TIMESTAMP, -RECV-WINDOW, -SIGN where
// sign = HMAC-SHA256(secret, timestamp + apiKey + recvWindow + (raw query for GET | raw body for POST)).
// Accepted iff server_time - recv_window <= timestamp < server_time + 1000 (Bybit's rule).
import type { SimState } from '../model/state.js';
import type { SimKey } from '../model/types.js';
import { signatureMatches } from '../server/hmac.js';
import { clientIp, type SimRequest } from '../server/request.js';
import { bybitErrors } from './errors.js';

export function authenticateBybit(state: SimState, request: SimRequest, serverTime: number): SimKey {
  const apiKey = request.headers['x-bapi-api-key'];
  if (apiKey === undefined || apiKey === '') throw bybitErrors.invalidKey();
  const key = state.liveKey('bybit', apiKey);
  if (!key) throw bybitErrors.invalidKey();
  const timestampText = request.headers['x-bapi-timestamp'] ?? '';
  const recvWindowText = request.headers['x-bapi-recv-window'];
  const recvWindow = recvWindowText !== undefined && /^\d{1,9}$/.test(recvWindowText) ? Number(recvWindowText) : 5000;
  if (!/^\d{1,17}$/.test(timestampText)) throw bybitErrors.timestamp(timestampText, serverTime, recvWindow);
  const timestamp = Number(timestampText);
  if (!(serverTime - recvWindow <= timestamp && timestamp < serverTime + 1000)) throw bybitErrors.timestamp(timestampText, serverTime, recvWindow);
  const signature = request.headers['x-bapi-sign'] ?? '';
  const signed = request.method === 'GET' ? request.rawQuery : request.rawBody;
  if (!signatureMatches(key.secret, timestampText + apiKey + (recvWindowText ?? '') + signed, signature)) throw bybitErrors.sign();
  const ip = clientIp(request);
  if (key.ips.length > 0 && !key.ips.includes('*') && !key.ips.includes(ip)) throw bybitErrors.ipMismatch();
  return key;
}
