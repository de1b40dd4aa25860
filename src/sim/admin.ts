// The admin interface for drills and tests: what the exchange's web page would let the owner do
// (delete a key, create one, change its IPs), plus injecting attacker events and reading the
// request log, counters and ground truth. In-process always; over HTTP only when enabled.
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { keyFingerprint } from './model/state.js';
import type { GroundTruth, SimKey, SimOrder, SimTrade, SimTransfer, Venue } from './model/types.js';
import type { InjectedEvent, SimWorld } from './model/world.js';
import { attackEventSpec, exchangeId, permission, type ExchangeId, type Permission } from './scenario/schema.js';
import type { AdminHandler } from './server/http-server.js';
import type { RequestLog, RequestLogEntry, SimCounters } from './server/log.js';

/** A key as the admin shows it: never the secret, the apiKey only as a fingerprint. */
export interface KeyView {
  exchange: ExchangeId;
  account: string;
  name: string;
  fingerprint: string;
  permissions: Permission[];
  ips: string[];
  createdAt: number;
  deletedAt: number | null;
  revocable: boolean;
  leaked: boolean;
}

/** Scenario credentials: fake, simulator-only keys (the one place sim secrets are handed out). */
export interface SimCredential {
  exchange: ExchangeId;
  account: string;
  name: string;
  apiKey: string;
  secret: string;
  permissions: Permission[];
  ips: string[];
}

export interface SimAdmin {
  /** Deletes a key as the exchange's web page would. Returns false when no live key matched. */
  deleteKey(apiKey: string): boolean;
  createKey(options: { exchange: ExchangeId; account: string; permissions: Permission[]; ips?: string[]; name?: string }): { apiKey: string; secret: string };
  setKeyIps(apiKey: string, ips: string[]): boolean;
  setKeyPermissions(apiKey: string, permissions: Permission[]): boolean;
  /** Attacker events at absolute epoch-ms times or times relative to now (`-5m`, `+30s`). */
  injectEvents(events: InjectedEvent[]): void;
  requestLog(): RequestLogEntry[];
  counters(): SimCounters;
  groundTruth(): GroundTruth;
  credentials(): SimCredential[];
}

/** Every record accessor answers spot records unless `venue` is 'usdm' (Binance USDⓈ-M futures). */
export interface SimStateView {
  openOrders(account?: string, venue?: Venue): SimOrder[];
  /** Every order / trade of an account in a symbol (BTCUSDT), oldest first: what history queries must return. */
  orders(account: string, symbol: string, venue?: Venue): SimOrder[];
  trades(account: string, symbol: string, venue?: Venue): SimTrade[];
  /** Exchange symbols (BTCUSDT) in which the account has orders or trades. */
  symbols(account: string, venue?: Venue): string[];
  transfers(account: string, kind: 'deposit' | 'withdrawal'): SimTransfer[];
  keys(): KeyView[];
  balance(account: string, asset: string): { free: number; locked: number; total: number };
  /** Scenario "now" (ms): history lies in [anchor - historyDays, anchor]. */
  anchor: number;
}

export function keyView(k: SimKey): KeyView {
  return {
    exchange: k.exchange, account: k.account, name: k.name, fingerprint: keyFingerprint(k.apiKey), permissions: [...k.permissions],
    ips: [...k.ips], createdAt: k.createdAt, deletedAt: k.deletedAt ?? null, revocable: k.revocable, leaked: k.leaked,
  };
}

export function createAdmin(world: SimWorld, log: RequestLog, serverTime: () => number): SimAdmin {
  const state = world.state;
  const live = (apiKey: string): SimKey | undefined => state.keys.find((k) => k.apiKey === apiKey && k.deletedAt === undefined);
  return {
    deleteKey: (apiKey) => {
      const key = live(apiKey);
      if (!key) return false;
      key.deletedAt = serverTime();
      return true;
    },
    createKey: ({ exchange, account, permissions, ips, name }) => {
      const owner = state.accounts.get(account);
      if (!owner || owner.exchange !== exchange) throw new Error(`no ${exchange} account named ${account}`);
      const key = world.createKey(account, { permissions: [...new Set<Permission>(['read', ...permissions])], ips: ips ?? [], name }, serverTime());
      return { apiKey: key.apiKey, secret: key.secret };
    },
    setKeyIps: (apiKey, ips) => {
      const key = live(apiKey);
      if (!key) return false;
      key.ips = [...ips];
      return true;
    },
    setKeyPermissions: (apiKey, permissions) => {
      const key = live(apiKey);
      if (!key) return false;
      key.permissions = new Set(permissions);
      return true;
    },
    injectEvents: (events) => {
      const now = serverTime();
      const checked = events.map((event, i) => {
        // Absolute times become offsets from now, so one schema validates both forms.
        const relative = typeof event.at === 'number' ? `${event.at - now < 0 ? '-' : '+'}${Math.abs(Math.round(event.at - now))}ms` : event.at;
        const result = attackEventSpec.safeParse({ ...event, at: relative });
        if (!result.success) {
          throw new ValidationError('invalid injected event', result.error.issues.map((issue) => ({
            file: '<injectEvents>', line: 1, col: 1, path: [`events[${i}]`, ...issue.path.map(String)].join('.'), message: issue.message,
          })));
        }
        for (const name of [result.data.account]) {
          if (!state.accounts.has(name)) throw new Error(`injectEvents: unknown account ${name}`);
        }
        return result.data;
      });
      world.inject(checked, now);
    },
    requestLog: () => log.list(),
    counters: () => ({ ...log.counters }),
    groundTruth: () => {
      world.advance(serverTime());
      return world.groundTruth();
    },
    credentials: () => state.keys.filter((k) => k.deletedAt === undefined).map((k) => ({
      exchange: k.exchange, account: k.account, name: k.name, apiKey: k.apiKey, secret: k.secret, permissions: [...k.permissions], ips: [...k.ips],
    })),
  };
}

export function createStateView(world: SimWorld, serverTime: () => number): SimStateView {
  const state = world.state;
  return {
    openOrders: (account, venue) => {
      world.advance(serverTime());
      const accounts = account === undefined ? [...state.accounts.keys()] : [account];
      return accounts.flatMap((a) => state.openOrders(a, undefined, venue)).map((o) => ({ ...o }));
    },
    orders: (account, symbol, venue) => state.ordersOf(account, symbol, venue).map((o) => ({ ...o })),
    trades: (account, symbol, venue) => state.tradesOf(account, symbol, venue).map((t) => ({ ...t })),
    symbols: (account, venue) => {
      world.advance(serverTime());
      return [...new Set([...state.orderSymbols(account, venue), ...state.tradeSymbols(account, venue)])].sort();
    },
    transfers: (account, kind) => state.transfersOf(account, kind).map((t) => ({ ...t })),
    keys: () => state.keys.map(keyView),
    balance: (account, asset) => state.balance(account, asset),
    anchor: state.anchor,
  };
}

const createKeyBody = z.strictObject({ exchange: exchangeId, account: z.string(), permissions: z.array(permission).default(['read']), ips: z.array(z.string()).optional(), name: z.string().optional() });
const fingerprintBody = z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{8}$/) });
const apiKeyBody = z.strictObject({ apiKey: z.string().min(1) });
const ipsBody = z.strictObject({ apiKey: z.string().min(1), ips: z.array(z.string()) });
const permissionsBody = z.strictObject({ apiKey: z.string().min(1), permissions: z.array(permission) });
const eventsBody = z.strictObject({ events: z.array(z.record(z.string(), z.unknown())) });

/** The admin over HTTP under /__kit-sim/ (only when enabled). Bodies are JSON. */
export function adminHttp(admin: SimAdmin, view: SimStateView): AdminHandler {
  return {
    async handle(method, path, body) {
      try {
        const json = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
        const route = `${method} ${path}`;
        switch (route) {
          case 'GET /log': return { status: 200, body: admin.requestLog() };
          case 'GET /counters': return { status: 200, body: admin.counters() };
          case 'GET /ground-truth': return { status: 200, body: admin.groundTruth() };
          case 'GET /keys': return { status: 200, body: view.keys() };
          case 'GET /open-orders': return { status: 200, body: view.openOrders() };
          case 'POST /keys': return { status: 200, body: admin.createKey(createKeyBody.parse(json())) };
          case 'POST /keys/delete': return { status: 200, body: { deleted: admin.deleteKey(apiKeyBody.parse(json()).apiKey) } };
          case 'POST /keys/delete-by-fingerprint': {
            // The web page deletes the key the owner points at; kit only knows its fingerprint.
            const { fingerprint } = fingerprintBody.parse(json());
            const key = admin.credentials().find((c) => keyFingerprint(c.apiKey) === fingerprint);
            return { status: 200, body: { deleted: key ? admin.deleteKey(key.apiKey) : false } };
          }
          case 'POST /keys/ips': {
            const input = ipsBody.parse(json());
            return { status: 200, body: { updated: admin.setKeyIps(input.apiKey, input.ips) } };
          }
          case 'POST /keys/permissions': {
            const input = permissionsBody.parse(json());
            return { status: 200, body: { updated: admin.setKeyPermissions(input.apiKey, input.permissions) } };
          }
          case 'POST /events': {
            admin.injectEvents(eventsBody.parse(json()).events as InjectedEvent[]);
            return { status: 200, body: { injected: true } };
          }
          default: return { status: 404, body: { error: `no admin route ${route}` } };
        }
      } catch (error) {
        return { status: 400, body: { error: error instanceof Error ? error.message.split('\n').slice(0, 5).join('\n') : String(error) } };
      }
    },
  };
}
