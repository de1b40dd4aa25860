// A loopback server speaking Binance's GET /sapi/v1/account/apiRestrictions as documented
// (https://developers.binance.com/docs/wallet/account/api-key-permission): the key in
// X-MBX-APIKEY, an HMAC-SHA256 signature of the query, timestamp within recvWindow, and
// Binance's own error codes.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface ServedKey {
  secret: string;
  ipRestrict?: boolean;
  enableWithdrawals?: boolean;
  enableSpotAndMarginTrading?: boolean;
  enableFutures?: boolean;
  createTime?: number;
}

export interface BinanceKeyServer {
  baseUrl: string;
  keys: Map<string, ServedKey>;
  requests: string[];
  close(): Promise<void>;
}

export async function startBinanceKeyServer(keys: Record<string, ServedKey> = {}): Promise<BinanceKeyServer> {
  const table = new Map(Object.entries(keys));
  const requests: string[] = [];
  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://binance');
    requests.push(`${req.method} ${url.pathname}`);
    if (req.method !== 'GET' || url.pathname !== '/sapi/v1/account/apiRestrictions') return send(res, 404, { code: -1, msg: 'not found' });
    const apiKey = String(req.headers['x-mbx-apikey'] ?? '');
    const key = table.get(apiKey);
    if (!key) return send(res, 401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    const raw = url.search.slice(1);
    const signatureAt = raw.lastIndexOf('&signature=');
    const payload = signatureAt >= 0 ? raw.slice(0, signatureAt) : raw;
    const signature = signatureAt >= 0 ? raw.slice(signatureAt + '&signature='.length) : '';
    if (createHmac('sha256', key.secret).update(payload).digest('hex') !== signature) return send(res, 400, { code: -1022, msg: 'Signature for this request is not valid.' });
    const timestamp = Number(url.searchParams.get('timestamp'));
    const recvWindow = Number(url.searchParams.get('recvWindow') ?? 5000);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > recvWindow) return send(res, 400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    return send(res, 200, {
      ipRestrict: key.ipRestrict ?? false,
      createTime: key.createTime ?? Date.now() - 10 * 86_400_000,
      enableReading: true,
      enableWithdrawals: key.enableWithdrawals ?? false,
      enableInternalTransfer: false,
      enableMargin: false,
      enableFutures: key.enableFutures ?? false,
      permitsUniversalTransfer: false,
      enableVanillaOptions: false,
      enableFixApiTrade: false,
      enableFixReadOnly: false,
      enableSpotAndMarginTrading: key.enableSpotAndMarginTrading ?? true,
      enablePortfolioMarginTrading: false,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, keys: table, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
