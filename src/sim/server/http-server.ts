// The one node:http server behind both dialects: reads each request whole (bounded), routes it by
// path prefix to a dialect or to the admin interface, applies the scenario's faults and latency,
// logs it, and never lets a malformed request take the process down.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keyFingerprint } from '../model/state.js';
import type { SimWorld } from '../model/world.js';
import type { Dialect, DialectAnswer } from './dialect.js';
import type { FaultPlan } from './faults.js';
import { answeredOk, type RequestLog } from './log.js';
import type { SimRequest } from './request.js';

export const ADMIN_PREFIX = '/__kit-sim/';
const MAX_BODY_BYTES = 1_000_000;

export interface AdminHandler {
  handle(method: string, pathname: string, body: string): Promise<{ status: number; body: unknown }>;
}

export interface SimServerOptions {
  host: string;
  port: number;
  dialects: Dialect[];
  world: SimWorld;
  log: RequestLog;
  faults: FaultPlan;
  serverTime: () => number;
  admin?: AdminHandler;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

const NO_ANSWER: DialectAnswer = { status: 0, headers: {}, body: '', mutating: false, weight: 0 };

export async function startHttpServer(options: SimServerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('Request Entity Too Large');
        return;
      }
      serve(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error');
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Garbage on the wire (not HTTP at all) gets a 400 and a closed socket, never an exception.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const method = (req.method ?? 'GET').toUpperCase();
    const now = options.serverTime();

    if (pathname.startsWith(ADMIN_PREFIX)) {
      if (!options.admin) return send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found', mutating: false, weight: 0 }, 0);
      const answer = await options.admin.handle(method, pathname.slice(ADMIN_PREFIX.length - 1), rawBody);
      options.log.record({ time: now, method, path: pathname, exchange: 'admin', keyFingerprint: null, mutating: method !== 'GET', status: answer.status }, 0);
      return send(res, { status: answer.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer.body), mutating: false, weight: 0 }, 0);
    }

    const dialect = options.dialects.find((d) => d.owns(pathname));
    if (!dialect) {
      options.log.record({ time: now, method, path: pathname, exchange: 'unknown', keyFingerprint: null, mutating: false, status: 404 }, 0);
      return send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found', mutating: false, weight: 0 }, 0);
    }

    // Live attacker events whose time has come happen before this request is served.
    options.world.advance(now);
    const request: SimRequest = {
      method, pathname, rawQuery: q < 0 ? '' : url.slice(q + 1), hasQueryMark: q >= 0, rawBody,
      headers: lowerCaseHeaders(req.headers), remoteAddress: req.socket.remoteAddress ?? '127.0.0.1', receivedAt: now,
    };
    const fault = options.faults.decide(now);
    if (fault === 'drop') {
      logAnswer(dialect, request, NO_ANSWER, fault);
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      // Never answered: the client's timeout fires first. The socket is destroyed on close().
      logAnswer(dialect, request, NO_ANSWER, fault);
      return;
    }
    const answer = fault === 'server-error' ? dialect.serverErrorAnswer(request)
      : fault === 'rate-limit-burst' ? dialect.burstAnswer(request)
      : dialect.handle(request);
    logAnswer(dialect, request, answer, fault);
    send(res, answer, options.faults.latency());
  }

  function logAnswer(dialect: Dialect, request: SimRequest, answer: DialectAnswer, fault: string | undefined): void {
    const apiKey = answer.apiKey ?? request.headers['x-mbx-apikey'] ?? request.headers['x-bapi-api-key'];
    options.log.record({
      time: request.receivedAt, method: request.method, path: request.pathname, exchange: dialect.exchange,
      keyFingerprint: apiKey ? keyFingerprint(apiKey) : null, mutating: answer.mutating, status: answer.status,
      ok: fault === undefined && answeredOk(dialect.exchange, answer.status, answer.body),
      ...(fault ? { fault: fault as 'drop' } : {}),
    }, answer.weight);
    if (answer.rateLimited) options.log.countRateLimited();
  }

  function send(res: http.ServerResponse, answer: DialectAnswer, delayMs: number): void {
    const write = (): void => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    };
    if (delayMs <= 0 || closing) return write();
    const timer = setTimeout(() => {
      timers.delete(timer);
      write();
    }, delayMs);
    timers.add(timer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://${options.host}:${port}`,
    port,
    close: async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

function lowerCaseHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  return out;
}
