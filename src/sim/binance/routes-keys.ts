// API-key endpoints: a key reads its own restrictions; a master-account key lists, creates,
// IP-restricts, re-permissions and deletes its sub-accounts' keys. A key never deletes or
// restricts itself on Binance (there is no such endpoint): that is the web page's job.
import type { SimAccount, SimKey } from '../model/types.js';
import { binanceErrors } from './errors.js';
import { boolParam, intParam, requireParam } from './params.js';
import type { BinanceCall, BinanceRoute } from './types.js';

function restrictions(call: BinanceCall): unknown {
  const k = call.key;
  return {
    ipRestrict: k.ips.length > 0, createTime: k.createdAt, enableReading: k.permissions.has('read'),
    enableWithdrawals: k.permissions.has('withdraw'), enableInternalTransfer: k.permissions.has('transfer'), enableMargin: k.permissions.has('margin'),
    enableFutures: k.permissions.has('futures'), permitsUniversalTransfer: k.permissions.has('transfer'), enableVanillaOptions: false,
    enableFixApiTrade: false, enableFixReadOnly: false, enableSpotAndMarginTrading: k.permissions.has('trade'),
    enablePortfolioMarginTrading: false,
  };
}

function subAccountOf(call: BinanceCall): SimAccount {
  const email = requireParam(call.params, 'email');
  const sub = call.state.subAccounts(call.key.account).find((a) => a.email.toLowerCase() === email.toLowerCase());
  if (!sub) throw binanceErrors.noSubAccount();
  return sub;
}

function subKey(call: BinanceCall, sub: SimAccount): SimKey {
  const apiKey = requireParam(call.params, 'subAccountApiKey');
  const key = call.state.keys.find((k) => k.account === sub.name && k.apiKey === apiKey && k.deletedAt === undefined);
  if (!key) throw binanceErrors.invalidKeyId();
  return key;
}

/** A key marked not revocable through the API (the exchange refuses; only the web page can). */
function requireRevocable(key: SimKey): void {
  if (!key.revocable) throw binanceErrors.unauthorized();
}

function ipAnswer(key: SimKey, now: number): Record<string, unknown> {
  return { ipRestrict: String(key.ips.length > 0), ipList: [...key.ips], updateTime: now, apiKey: key.apiKey };
}

function subKeyJson(sub: SimAccount, k: SimKey): Record<string, unknown> {
  return {
    email: sub.email, apiName: k.name, apikey: k.apiKey, canTrade: k.permissions.has('trade'), canMarginLoanRepay: false,
    canFuturesTrade: k.permissions.has('futures'), canUniversalTransfer: k.permissions.has('transfer'), canVanillaOptions: false, timestamp: k.createdAt,
  };
}

function listSubAccounts(call: BinanceCall): unknown {
  const email = call.params.get('email');
  const page = Math.max(1, intParam(call.params, 'page') ?? 1);
  const limit = Math.min(200, Math.max(1, intParam(call.params, 'limit') ?? 10));
  const subs = call.state.subAccounts(call.key.account).filter((a) => email === undefined || a.email.toLowerCase() === email.toLowerCase());
  return {
    subAccounts: subs.slice((page - 1) * limit, page * limit).map((a) => ({
      subUserId: a.uid, email: a.email, remark: a.name, isFreeze: false, createTime: a.createdAt, isManagedSubAccount: false, isAssetManagementSubAccount: false,
    })),
  };
}

function listSubKeys(call: BinanceCall): unknown {
  const sub = subAccountOf(call);
  const only = call.params.get('subAccountApiKey');
  const page = Math.max(1, intParam(call.params, 'page') ?? 1);
  const size = Math.min(100, Math.max(1, intParam(call.params, 'size') ?? 30));
  const keys = call.state.keys.filter((k) => k.account === sub.name && k.deletedAt === undefined && (only === undefined || k.apiKey === only));
  return { total: keys.length, list: keys.slice((page - 1) * size, page * size).map((k) => subKeyJson(sub, k)) };
}

function createSubKey(call: BinanceCall): unknown {
  const sub = subAccountOf(call);
  const apiName = requireParam(call.params, 'apiName');
  const status = requireParam(call.params, 'status');
  if (!['1', '2', '3'].includes(status)) throw binanceErrors.badValue('status');
  const ips = status === '2' ? requireParam(call.params, 'ipAddress').split(',').map((s) => s.trim()).filter(Boolean) : [];
  const permissions: Array<'read' | 'trade' | 'transfer'> = ['read'];
  if (boolParam(call.params, 'canTrade')) permissions.push('trade');
  if (boolParam(call.params, 'canUniversalTransfer')) permissions.push('transfer');
  const key = call.world.createKey(sub.name, { name: apiName, permissions, ips }, call.now);
  return { ...subKeyJson(sub, key), apiKey: key.apiKey, secretKey: key.secret, status, ipList: ips };
}

function deleteSubKey(call: BinanceCall): unknown {
  const sub = subAccountOf(call);
  const key = subKey(call, sub);
  requireRevocable(key);
  key.deletedAt = call.now;
  return {};
}

function getIpRestriction(call: BinanceCall): unknown {
  return ipAnswer(subKey(call, subAccountOf(call)), call.now);
}

function setIpRestriction(call: BinanceCall): unknown {
  const key = subKey(call, subAccountOf(call));
  const status = requireParam(call.params, 'status');
  if (status !== '1' && status !== '2') throw binanceErrors.badValue('status');
  requireRevocable(key);
  if (status === '1') key.ips = [];
  else {
    const added = requireParam(call.params, 'ipAddress').split(',').map((s) => s.trim()).filter(Boolean);
    key.ips = [...new Set([...key.ips, ...added])];
  }
  return { status, ipList: [...key.ips], updateTime: call.now, apiKey: key.apiKey };
}

function deleteIps(call: BinanceCall): unknown {
  const key = subKey(call, subAccountOf(call));
  requireRevocable(key);
  const removed = new Set(requireParam(call.params, 'ipAddress').split(',').map((s) => s.trim()));
  key.ips = key.ips.filter((ip) => !removed.has(ip));
  return ipAnswer(key, call.now);
}

function setPermissions(call: BinanceCall): unknown {
  const sub = subAccountOf(call);
  const key = subKey(call, sub);
  requireRevocable(key);
  const canTrade = boolParam(call.params, 'canTrade');
  const canTransfer = boolParam(call.params, 'canUniversalTransfer');
  if (canTrade !== undefined) {
    if (canTrade) key.permissions.add('trade');
    else key.permissions.delete('trade');
  }
  if (canTransfer !== undefined) {
    if (canTransfer) key.permissions.add('transfer');
    else key.permissions.delete('transfer');
  }
  return subKeyJson(sub, key);
}

// Every sub-account key endpoint is Weight(UID) 3000 and needs a master-account key.
const SUB_KEY = { signed: true, weight: 3000, pool: 'sapi-uid' } as const;

export const keyRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/sapi/v1/account/apiRestrictions', signed: true, weight: 1, pool: 'sapi-ip', handle: restrictions },
  { method: 'GET', path: '/sapi/v1/account/apiRestrictions/ipRestriction', signed: true, weight: 1, pool: 'sapi-ip', handle: (c) => ipAnswer(c.key, c.now) },
  { method: 'GET', path: '/sapi/v1/sub-account/list', signed: true, weight: 1, pool: 'sapi-ip', needs: ['master'], handle: listSubAccounts },
  { ...SUB_KEY, method: 'GET', path: '/sapi/v1/sub-account/subAccountApi', needs: ['master'], handle: listSubKeys },
  { ...SUB_KEY, method: 'POST', path: '/sapi/v1/sub-account/subAccountApi', needs: ['master'], mutating: true, handle: createSubKey },
  { ...SUB_KEY, method: 'POST', path: '/sapi/v2/sub-account/subAccountApi', needs: ['master'], mutating: true, handle: createSubKey },
  { ...SUB_KEY, method: 'DELETE', path: '/sapi/v1/sub-account/subAccountApi', needs: ['master'], mutating: true, handle: deleteSubKey },
  { ...SUB_KEY, method: 'GET', path: '/sapi/v1/sub-account/subAccountApi/ipRestriction', needs: ['master'], handle: getIpRestriction },
  { ...SUB_KEY, method: 'POST', path: '/sapi/v2/sub-account/subAccountApi/ipRestriction', needs: ['master', 'trade'], mutating: true, handle: setIpRestriction },
  { ...SUB_KEY, method: 'DELETE', path: '/sapi/v1/sub-account/subAccountApi/ipRestriction/ipList', needs: ['master', 'trade'], mutating: true, handle: deleteIps },
  { ...SUB_KEY, method: 'POST', path: '/sapi/v1/sub-account/subAccountApiPermission', needs: ['master'], mutating: true, handle: setPermissions },
];
