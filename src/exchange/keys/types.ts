// What an exchange lets you do with an API key through its API, and how.
import type { Exchange } from 'ccxt';

export interface KeyPermissions {
  read: boolean;
  trade: boolean;
  withdraw: boolean;
  /** null where the exchange does not say. */
  futures: boolean | null;
  margin: boolean | null;
  /** null where the exchange does not say. */
  ipRestricted: boolean | null;
  /** The bound IPs, where the API gives them (Binance gives only the boolean). */
  ips?: string[];
  /** ISO 8601, where given. */
  createdAt?: string | null;
  expiresAt?: string | null;
  /** Which endpoint answered. */
  source: string;
}

/** A key of a sub-account, addressed from the master account. */
export interface SubaccountKeyTarget {
  /** Binance: the sub-account e-mail; Bybit: the sub UID (subMemberId); OKX: subAcct name. */
  subAccount: string;
  apiKey: string;
}

export interface NewSubaccountKey {
  subAccount: string;
  label: string;
  permissions: { trade: boolean; withdraw?: false };
  ips: string[];
}

export interface CreatedKey {
  apiKey: string;
  secret: string;
}

/** `yes` = through the API; `manual` = a person on the exchange's page; `no` = not at all. */
export type Support = 'yes' | 'manual' | 'no';

export interface Capabilities {
  permissions: Support;
  revokeSelf: Support;
  restrictSelfToIp: Support;
  revokeSubaccountKey: Support;
  restrictSubaccountKeyToIp: Support;
  createSubaccountKey: Support;
  verifyDead: Support;
  /** One line on what the API cannot do. */
  notes: string;
}

export interface KeyOperations {
  exchange: string;
  /** The exchange's own API-management page (the manual fallback). */
  apiManagementUrl: string;
  capabilities: Capabilities;
  permissions(exchange: Exchange): Promise<KeyPermissions>;
  /** The cheapest authenticated call, for verifyDead; `endpoint` says what was asked. */
  probe: { endpoint: string; call(exchange: Exchange): Promise<unknown> };
  revokeSelf?(exchange: Exchange): Promise<void>;
  restrictSelfToIp?(exchange: Exchange, ip: string): Promise<void>;
  revokeSubaccountKey?(master: Exchange, target: SubaccountKeyTarget): Promise<void>;
  restrictSubaccountKeyToIp?(master: Exchange, target: SubaccountKeyTarget, ip: string): Promise<void>;
  createSubaccountKey?(master: Exchange, spec: NewSubaccountKey): Promise<CreatedKey>;
}

/** A documentation-only address (TEST-NET-1, RFC 5737): nothing routes there, so a key bound to it is unusable. */
export const UNROUTABLE_IP = '192.0.2.1';

/** ccxt's implicit methods, looked up by name (they are generated and not all typed). */
export function implicit(exchange: Exchange, name: string): (params?: Record<string, unknown>) => Promise<unknown> {
  const fn = (exchange as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`${exchange.id} has no method ${name} in this ccxt version`);
  return (params) => (fn as (p?: Record<string, unknown>) => Promise<unknown>).call(exchange, params ?? {});
}

export function isoOrNull(value: unknown): string | null {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return null;
  const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
  const date = Number.isFinite(n) ? new Date(n < 1e12 ? n * 1000 : n) : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s !== '');
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [];
}
