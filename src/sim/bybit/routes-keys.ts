// API-key endpoints. A master key reads itself (query-api), changes its permissions (update-api:
// no IP list since 2026-02-10) or deletes itself (delete-api), and manages sub-account keys
// (list, create, update with IPs, delete). Changing or deleting needs one of the Wallet
// permissions AccountTransfer / SubMemberTransfer / Withdraw, as Bybit requires.
import type { Permission } from '../scenario/schema.js';
import type { SimAccount, SimKey } from '../model/types.js';
import { bybitErrors } from './errors.js';
import { isoSeconds, isReadOnly, permissionsJson } from './format.js';
import { limitParam, pageNewestFirst } from './paging.js';
import type { BybitCall, BybitRoute } from './types.js';

function keyJson(k: SimKey): Record<string, unknown> {
  return { id: k.id, note: k.name, apiKey: k.apiKey, readOnly: isReadOnly(k) ? 1 : 0, secret: '', permissions: permissionsJson(k), ips: k.ips.length > 0 ? [...k.ips] : ['*'] };
}

function queryApi(call: BybitCall): unknown {
  const account = call.state.account(call.key.account);
  const parent = account.parent === undefined ? undefined : call.state.account(account.parent);
  return {
    ...keyJson(call.key), type: 1, deadlineDay: -2, expiredAt: '1970-01-01T00:00:00Z', createdAt: isoSeconds(call.key.createdAt),
    unified: 0, uta: 1, userID: account.uid, inviterID: 0, vipLevel: 'No VIP', mktMakerLevel: '0', affiliateID: 0, rsaPublicKey: '',
    isMaster: parent === undefined, parentUid: parent === undefined ? '0' : String(parent.uid), kycLevel: 'LEVEL_1', kycRegion: 'SGP',
  };
}

/** Permissions from Bybit's `readOnly` + `permissions` parameters; undefined when neither was sent. */
function requestedPermissions(call: BybitCall, current: Set<Permission>): Set<Permission> | undefined {
  const readOnly = call.body.readOnly;
  const permissions = call.body.permissions;
  if (readOnly === undefined && permissions === undefined) return undefined;
  if (permissions !== undefined && (typeof permissions !== 'object' || permissions === null || Array.isArray(permissions))) throw bybitErrors.params('permissions is invalid');
  if (readOnly !== undefined && readOnly !== 0 && readOnly !== 1 && readOnly !== '0' && readOnly !== '1') throw bybitErrors.params('readOnly is invalid');
  if (Number(readOnly) === 1) return new Set(['read']);
  if (permissions === undefined) return new Set(current);
  const map = permissions as Record<string, unknown>;
  const list = (name: string): string[] => (Array.isArray(map[name]) ? (map[name] as unknown[]).map(String) : []);
  const next = new Set<Permission>(['read']);
  if (list('Spot').includes('SpotTrade')) next.add('trade');
  if (list('Wallet').includes('AccountTransfer')) next.add('transfer');
  if (list('Wallet').includes('SubMemberTransfer')) next.add('subaccount-transfer');
  if (list('Wallet').includes('Withdraw')) next.add('withdraw');
  if (list('ContractTrade').length > 0 || list('Derivatives').length > 0) next.add('futures');
  // Not expressible on Bybit: a margin flag set in the scenario survives a permission change.
  if (current.has('margin')) next.add('margin');
  return next;
}

function ipsParam(call: BybitCall): string[] | undefined {
  const ips = call.body.ips;
  if (ips === undefined) return undefined;
  const text = Array.isArray(ips) ? ips.map(String).join(',') : String(ips);
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  return list.length === 0 || list.includes('*') ? [] : list;
}

function requireRevocable(key: SimKey): void {
  if (!key.revocable) throw bybitErrors.permission();
}

function updateApi(call: BybitCall): unknown {
  if (call.body.ips !== undefined) throw bybitErrors.ipsProhibited();
  requireRevocable(call.key);
  const next = requestedPermissions(call, call.key.permissions);
  if (next) call.key.permissions = next;
  return keyJson(call.key);
}

function deleteApi(call: BybitCall): unknown {
  requireRevocable(call.key);
  call.key.deletedAt = call.now;
  return {};
}

function subMember(call: BybitCall, uidText: string | undefined): SimAccount {
  if (uidText === undefined) throw bybitErrors.params('subMemberId is required');
  const sub = call.state.subAccounts(call.key.account).find((a) => String(a.uid) === uidText);
  if (!sub) throw bybitErrors.params('subMemberId is invalid');
  return sub;
}

function subKeyJson(k: SimKey): Record<string, unknown> {
  return {
    id: k.id, ips: k.ips.length > 0 ? [...k.ips] : ['*'], apiKey: k.apiKey, note: k.name, status: 1, expiredAt: '1970-01-01T00:00:00Z',
    createdAt: isoSeconds(k.createdAt), type: 1, permissions: permissionsJson(k), secret: '******', readOnly: isReadOnly(k), deadlineDay: -2, flag: 'hmac',
  };
}

function listSubKeys(call: BybitCall): unknown {
  const sub = subMember(call, call.params.get('subMemberId'));
  const keys = call.state.keys.filter((k) => k.account === sub.name && k.deletedAt === undefined);
  const { page, next } = pageNewestFirst(keys, (k) => ({ time: k.createdAt, key: k.id }), call.params, limitParam(call.params, 20, 20));
  return { result: page.map(subKeyJson), nextPageCursor: next };
}

/** The sub-account key a call targets: `apikey` when the master calls, the caller itself otherwise. */
function targetSubKey(call: BybitCall): SimKey {
  const caller = call.state.account(call.key.account);
  const apikey = call.params.get('apikey');
  if (caller.parent !== undefined) {
    if (apikey !== undefined && apikey !== call.key.apiKey) throw bybitErrors.permission();
    return call.key;
  }
  if (apikey === undefined) throw bybitErrors.params('apikey is required');
  const subs = new Set(call.state.subAccounts(caller.name).map((a) => a.name));
  const key = call.state.keys.find((k) => k.apiKey === apikey && k.deletedAt === undefined && subs.has(k.account));
  if (!key) throw bybitErrors.params('apikey is invalid');
  return key;
}

function updateSubApi(call: BybitCall): unknown {
  const key = targetSubKey(call);
  requireRevocable(key);
  const next = requestedPermissions(call, key.permissions);
  if (next) key.permissions = next;
  const ips = ipsParam(call);
  if (ips !== undefined) key.ips = ips;
  return keyJson(key);
}

function deleteSubApi(call: BybitCall): unknown {
  const key = targetSubKey(call);
  requireRevocable(key);
  key.deletedAt = call.now;
  return {};
}

function createSubApi(call: BybitCall): unknown {
  const sub = subMember(call, call.params.get('subuid'));
  const permissions = requestedPermissions(call, new Set(['read'])) ?? new Set<Permission>(['read']);
  const key = call.world.createKey(sub.name, { name: call.params.get('note') ?? `sub-key`, permissions: [...permissions], ips: ipsParam(call) ?? [] }, call.now);
  return { ...keyJson(key), secret: key.secret };
}

function subMembers(call: BybitCall): unknown {
  return {
    subMembers: call.state.subAccounts(call.key.account).map((a) => ({
      uid: String(a.uid), username: a.name, memberType: 1, status: 1, accountMode: 5, remark: a.name,
    })),
  };
}

export const keyRoutes: BybitRoute[] = [
  { method: 'GET', path: '/v5/user/query-api', signed: true, limit: 10, handle: queryApi },
  { method: 'POST', path: '/v5/user/update-api', signed: true, limit: 5, mutating: true, needs: ['master', 'key-admin'], handle: updateApi },
  { method: 'POST', path: '/v5/user/delete-api', signed: true, limit: 5, mutating: true, needs: ['master', 'key-admin'], handle: deleteApi },
  { method: 'GET', path: '/v5/user/query-sub-members', signed: true, limit: 10, needs: ['master'], handle: subMembers },
  { method: 'GET', path: '/v5/user/sub-apikeys', signed: true, limit: 10, needs: ['master'], handle: listSubKeys },
  { method: 'POST', path: '/v5/user/create-sub-api', signed: true, limit: 5, mutating: true, needs: ['master', 'key-admin'], handle: createSubApi },
  { method: 'POST', path: '/v5/user/update-sub-api', signed: true, limit: 5, mutating: true, needs: ['key-admin'], handle: updateSubApi },
  { method: 'POST', path: '/v5/user/delete-sub-api', signed: true, limit: 5, mutating: true, needs: ['key-admin'], handle: deleteSubApi },
];
