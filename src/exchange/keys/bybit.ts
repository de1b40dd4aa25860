// Bybit v5: a master key can read, delete and (for permissions) update itself; since
// February 2026 update-api no longer takes IPs, so IP lockdown works only on sub-account keys
// (update-sub-api still takes `ips`). A master can delete and create sub-account keys.
import { implicit, isoOrNull, splitList, type KeyOperations, type KeyPermissions } from './types.js';

interface QueryApi {
  readOnly?: number;
  permissions?: Record<string, string[] | undefined>;
  ips?: string[] | string;
  createdAt?: string;
  expiredAt?: string;
}

const PROBE = 'GET /v5/user/query-api';

function nonEmpty(list: string[] | undefined): boolean {
  return Array.isArray(list) && list.length > 0;
}

export function parseBybitKey(result: QueryApi): KeyPermissions {
  const p = result.permissions ?? {};
  const readOnly = Number(result.readOnly) === 1;
  const futures = nonEmpty(p.ContractTrade) || nonEmpty(p.Derivatives) || nonEmpty(p.Options);
  const ips = splitList(result.ips);
  const bound = ips.filter((ip) => ip !== '*');
  return {
    read: true,
    trade: !readOnly && (nonEmpty(p.Spot) || futures),
    withdraw: !readOnly && (p.Wallet ?? []).includes('Withdraw'),
    futures: !readOnly && futures,
    margin: null,
    ipRestricted: bound.length > 0,
    ips: bound,
    createdAt: isoOrNull(result.createdAt),
    expiresAt: result.expiredAt?.startsWith('1970') ? null : isoOrNull(result.expiredAt),
    source: PROBE,
  };
}

export const bybitKeys: KeyOperations = {
  exchange: 'bybit',
  apiManagementUrl: 'https://www.bybit.com/app/user/api-management',
  capabilities: {
    permissions: 'yes',
    revokeSelf: 'yes',
    restrictSelfToIp: 'manual',
    revokeSubaccountKey: 'yes',
    restrictSubaccountKeyToIp: 'yes',
    createSubaccountKey: 'yes',
    verifyDead: 'yes',
    notes: 'delete-api needs a master key holding Account Transfer, Subaccount Transfer or Withdrawal; master keys can no longer be IP-bound through the API (sub keys can).',
  },
  async permissions(exchange) {
    const answer = (await implicit(exchange, 'privateGetV5UserQueryApi')()) as { result?: QueryApi };
    return parseBybitKey(answer.result ?? {});
  },
  probe: { endpoint: PROBE, call: (exchange) => implicit(exchange, 'privateGetV5UserQueryApi')() },
  async revokeSelf(exchange) {
    await implicit(exchange, 'privatePostV5UserDeleteApi')();
  },
  async revokeSubaccountKey(master, target) {
    await implicit(master, 'privatePostV5UserDeleteSubApi')({ apikey: target.apiKey });
  },
  async restrictSubaccountKeyToIp(master, target, ip) {
    await implicit(master, 'privatePostV5UserUpdateSubApi')({ apikey: target.apiKey, ips: ip });
  },
  async createSubaccountKey(master, spec) {
    const answer = (await implicit(master, 'privatePostV5UserCreateSubApi')({
      subuid: Number(spec.subAccount),
      note: spec.label,
      readOnly: spec.permissions.trade ? 0 : 1,
      ...(spec.ips.length > 0 ? { ips: spec.ips.join(',') } : {}),
      permissions: spec.permissions.trade ? { Spot: ['SpotTrade'] } : {},
    })) as { result?: { apiKey?: string; secret?: string } };
    const { apiKey, secret } = answer.result ?? {};
    if (!apiKey || !secret) throw new Error('bybit did not return the new key and secret');
    return { apiKey, secret };
  },
};
