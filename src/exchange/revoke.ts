// Choosing and carrying out a way to neutralize a leaked key, strongest first:
//   api-delete         the key deletes itself (Bybit)
//   subaccount-delete  the master account deletes the sub-account's key (Binance, Bybit, OKX)
//   ip-lockdown        the key is bound to an unroutable address (sub-account keys from the master)
//   manual             a person deletes it on the exchange's page; kit then proves it dead
import { UsageError } from '../errors.js';
import { explainError, type Classification } from './classify.js';
import type { ExchangeInstance } from './gateway.js';
import type { KeyOperations } from './keys/types.js';

export type RevokeMethod = 'api-delete' | 'subaccount-delete' | 'ip-lockdown' | 'manual';
export type RevokeStrategy = 'auto' | RevokeMethod;

export interface RevokeContext {
  /** A master-account instance is available (the `master` input names a stored account). */
  hasMaster: boolean;
  /** The sub-account that owns the leaked key (Binance e-mail, Bybit UID, OKX name). */
  subAccount?: string;
}

const ENDPOINTS: Record<string, Partial<Record<RevokeMethod, string>>> = {
  binance: { 'subaccount-delete': 'DELETE /sapi/v1/sub-account/subAccountApi', 'ip-lockdown': 'POST /sapi/v2/sub-account/subAccountApi/ipRestriction' },
  bybit: { 'api-delete': 'POST /v5/user/delete-api', 'subaccount-delete': 'POST /v5/user/delete-sub-api', 'ip-lockdown': 'POST /v5/user/update-sub-api' },
  okx: { 'subaccount-delete': 'POST /api/v5/users/subaccount/delete-apikey', 'ip-lockdown': 'POST /api/v5/users/subaccount/modify-apikey' },
};

export function endpointOfMethod(exchangeId: string, method: RevokeMethod): string | undefined {
  return ENDPOINTS[exchangeId]?.[method];
}

function available(ops: KeyOperations, method: RevokeMethod, context: RevokeContext): boolean {
  const sub = context.hasMaster && Boolean(context.subAccount);
  switch (method) {
    case 'api-delete':
      return Boolean(ops.revokeSelf);
    case 'subaccount-delete':
      return sub && Boolean(ops.revokeSubaccountKey);
    case 'ip-lockdown':
      return Boolean(ops.restrictSelfToIp) || (sub && Boolean(ops.restrictSubaccountKeyToIp));
    case 'manual':
      return true;
  }
}

/** The methods to try, in order. An explicit strategy the exchange cannot do is a usage error. */
export function revokeMethods(ops: KeyOperations, strategy: RevokeStrategy, context: RevokeContext): RevokeMethod[] {
  const order: RevokeMethod[] = ['api-delete', 'subaccount-delete', 'ip-lockdown', 'manual'];
  if (strategy === 'auto') return order.filter((m) => available(ops, m, context));
  if (available(ops, strategy, context)) return [strategy];
  const needsMaster = strategy === 'subaccount-delete' || strategy === 'ip-lockdown';
  throw new UsageError(`${ops.exchange} cannot ${strategy} this key through its API${needsMaster && !context.hasMaster ? ' without the master account' : ''}`, {
    hint: needsMaster && (!context.hasMaster || !context.subAccount)
      ? 'Give `master` (the stored master account) and `subAccount`, or use strategy auto or manual.'
      : `Use strategy auto or manual (delete the key at ${ops.apiManagementUrl}).`,
  });
}

export interface RevokeParties {
  /** Instance holding the leaked key. */
  self: ExchangeInstance;
  master?: ExchangeInstance;
  subAccount?: string;
  apiKey: string;
  ip: string;
}

/** Carries out one API method (not manual). */
export async function performRevoke(ops: KeyOperations, method: Exclude<RevokeMethod, 'manual'>, parties: RevokeParties): Promise<void> {
  const target = { subAccount: parties.subAccount ?? '', apiKey: parties.apiKey };
  if (method === 'api-delete' && ops.revokeSelf) return ops.revokeSelf(parties.self);
  if (method === 'subaccount-delete' && ops.revokeSubaccountKey && parties.master) return ops.revokeSubaccountKey(parties.master, target);
  if (method === 'ip-lockdown') {
    if (parties.master && parties.subAccount && ops.restrictSubaccountKeyToIp) return ops.restrictSubaccountKeyToIp(parties.master, target, parties.ip);
    if (ops.restrictSelfToIp) return ops.restrictSelfToIp(parties.self, parties.ip);
  }
  throw new UsageError(`${ops.exchange}: ${method} is not possible here`);
}

/** Why a method failed, and whether the next one should be tried. */
export function judgeRevokeFailure(exchangeId: string, error: unknown): Classification & { tryNext: boolean; alreadyDead: boolean } {
  const explained = explainError(error, { exchange: exchangeId });
  return { ...explained, alreadyDead: explained.kind === 'dead', tryNext: explained.kind === 'restricted' || explained.kind === 'unknown' };
}
