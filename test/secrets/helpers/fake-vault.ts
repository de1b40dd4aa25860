// A strict stand-in for HashiCorp Vault's KV v2 HTTP API on loopback. It checks each request
// as Vault documents it (path layout, X-Vault-Token, X-Vault-Namespace, JSON bodies) and records
// anything else as a violation, which the tests assert to be empty.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeVault {
  addr: string;
  /** Current secrets: "<path under the mount>" -> data. */
  secrets: Map<string, Record<string, unknown>>;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  violations: string[];
  close(): Promise<void>;
}

export async function startFakeVault(options: { token: string; namespace?: string; mount?: string }): Promise<FakeVault> {
  const mount = options.mount ?? 'secret';
  const secrets = new Map<string, Record<string, unknown>>();
  const requests: FakeVault['requests'] = [];
  const violations: string[] = [];
  const send = (res: http.ServerResponse, status: number, body?: unknown): void => {
    res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://vault');
      if (req.headers['x-vault-token'] !== options.token) return send(res, 403, { errors: ['permission denied'] });
      if (req.headers['x-vault-namespace'] !== options.namespace) {
        violations.push(`namespace header ${String(req.headers['x-vault-namespace'])} on ${req.method} ${req.url}`);
        return send(res, 403, { errors: ['permission denied'] });
      }
      const m = new RegExp(`^/v1/${mount}/(data|metadata)/(.*?)/?$`).exec(url.pathname);
      if (!m) {
        violations.push(`unknown path ${req.method} ${url.pathname}`);
        return send(res, 404, { errors: [] });
      }
      const [, kind, rawPath] = m;
      const key = decodeURIComponent(rawPath);
      if (kind === 'data' && req.method === 'GET') {
        const data = secrets.get(key);
        return data ? send(res, 200, { data: { data, metadata: { version: 1 } } }) : send(res, 404, { errors: [] });
      }
      if (kind === 'data' && req.method === 'POST') {
        if (req.headers['content-type'] !== 'application/json') violations.push(`POST without application/json: ${String(req.headers['content-type'])}`);
        let parsed: { data?: unknown };
        try {
          parsed = JSON.parse(body) as { data?: unknown };
        } catch {
          violations.push('POST body is not JSON');
          return send(res, 400, { errors: ['bad JSON'] });
        }
        if (!parsed.data || typeof parsed.data !== 'object' || Object.keys(parsed).some((k) => k !== 'data' && k !== 'options')) {
          violations.push(`POST body is not {"data": {...}}: ${body}`);
          return send(res, 400, { errors: ['no data provided'] });
        }
        secrets.set(key, parsed.data as Record<string, unknown>);
        return send(res, 200, { data: { created_time: new Date().toISOString(), version: 1 } });
      }
      if (kind === 'metadata' && req.method === 'DELETE') {
        secrets.delete(key);
        return send(res, 204);
      }
      if (kind === 'metadata' && (req.method === 'GET' && url.searchParams.get('list') === 'true')) {
        const prefix = key === '' ? '' : `${key}/`;
        const keys = new Set<string>();
        for (const k of secrets.keys()) {
          if (!k.startsWith(prefix)) continue;
          const rest = k.slice(prefix.length).split('/');
          keys.add(rest.length > 1 ? `${rest[0]}/` : rest[0]);
        }
        return keys.size === 0 ? send(res, 404, { errors: [] }) : send(res, 200, { data: { keys: [...keys].sort() } });
      }
      violations.push(`unexpected ${req.method} ${req.url}`);
      return send(res, 405, { errors: ['unsupported operation'] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { addr: `http://127.0.0.1:${port}`, secrets, requests, violations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An address where nothing listens: a port that was just bound and released. */
export async function closedPortAddress(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
