// Binance: a key can read its own restrictions but cannot delete or restrict itself through the
// API (the self IP-restriction endpoints are discontinued). A master account can IP-restrict,
// delete and create keys of its regular sub-accounts; delete and create are not in ccxt 4.5.84
// and go through the generic request() (notes B1).
import type { Exchange } from 'ccxt';
import { implicit, isoOrNull, splitList, type KeyOperations, type KeyPermissions } from './types.js';

interface ApiRestrictions {
  ipRestrict?: boolean | string;
  createTime?: number;
  enableReading?: boolean;
  enableWithdrawals?: boolean;
  enableMargin?: boolean;
  enableFutures?: boolean;
  enableSpotAndMarginTrading?: boolean;
  enableVanillaOptions?: boolean;
  enablePortfolioMarginTrading?: boolean;
  tradingAuthorityExpirationTime?: number;
}

const PROBE = 'GET /sapi/v1/account/apiRestrictions';

async function permissions(exchange: Exchange): Promise<KeyPermissions> {
  const r = (await implicit(exchange, 'sapiGetAccountApiRestrictions')()) as ApiRestrictions;
  return {
    read: r.enableReading === true,
    trade: r.enableSpotAndMarginTrading === true || r.enableFutures === true || r.enableVanillaOptions === true || r.enablePortfolioMarginTrading === true,
    withdraw: r.enableWithdrawals === true,
    futures: r.enableFutures === true,
    margin: r.enableMargin === true,
    ipRestricted: r.ipRestrict === true || r.ipRestrict === 'true',
    createdAt: isoOrNull(r.createTime),
    expiresAt: isoOrNull(r.tradingAuthorityExpirationTime),
    source: PROBE,
  };
}

export const binanceKeys: KeyOperations = {
  exchange: 'binance',
  apiManagementUrl: 'https://www.binance.com/en/my/settings/api-management',
  capabilities: {
    permissions: 'yes',
    revokeSelf: 'manual',
    restrictSelfToIp: 'manual',
    revokeSubaccountKey: 'yes',
    restrictSubaccountKeyToIp: 'yes',
    createSubaccountKey: 'yes',
    verifyDead: 'yes',
    notes: 'A key cannot delete or restrict itself via the API; the IP list of your own key is not returned (only whether one is set). -2015 also answers an IP or permission block.',
  },
  permissions,
  probe: { endpoint: PROBE, call: (exchange) => implicit(exchange, 'sapiGetAccountApiRestrictions')() },
  async revokeSubaccountKey(master, target) {
    await master.request('sub-account/subAccountApi', 'sapi', 'DELETE', { email: target.subAccount, subAccountApiKey: target.apiKey });
  },
  async restrictSubaccountKeyToIp(master, target, ip) {
    const params = { email: target.subAccount, subAccountApiKey: target.apiKey };
    const before = (await implicit(master, 'sapiGetSubAccountSubAccountApiIpRestriction')(params)) as { ipList?: unknown };
    // Trusted-IPs-only with the dead address first, then drop every other address, so the key
    // is never unrestricted in between.
    await implicit(master, 'sapiV2PostSubAccountSubAccountApiIpRestriction')({ ...params, status: '2', ipAddress: ip });
    const others = splitList(before.ipList).filter((existing) => existing !== ip);
    if (others.length > 0) await implicit(master, 'sapiDeleteSubAccountSubAccountApiIpRestrictionIpList')({ ...params, ipAddress: others.join(',') });
  },
  async createSubaccountKey(master, spec) {
    const answer = (await master.request('sub-account/subAccountApi', 'sapi', 'POST', {
      email: spec.subAccount,
      apiName: spec.label,
      status: spec.ips.length > 0 ? 2 : 1,
      ...(spec.ips.length > 0 ? { ipAddress: spec.ips.join(',') } : {}),
      canTrade: spec.permissions.trade,
    })) as { apiKey?: string; apikey?: string; secretKey?: string; secret?: string };
    const apiKey = answer.apiKey ?? answer.apikey;
    const secret = answer.secretKey ?? answer.secret;
    if (!apiKey || !secret) throw new Error('binance did not return the new key and secret');
    return { apiKey, secret };
  },
};
