// OKX v5: a key reads its own config (perm, bound IPs) but cannot delete or modify itself.
// A master account deletes or re-binds sub-account keys (its own key must be IP-bound).
import { implicit, splitList, type KeyOperations } from './types.js';

const PROBE = 'GET /api/v5/account/config';

export const okxKeys: KeyOperations = {
  exchange: 'okx',
  apiManagementUrl: 'https://www.okx.com/account/my-api',
  capabilities: {
    permissions: 'yes',
    revokeSelf: 'manual',
    restrictSelfToIp: 'manual',
    revokeSubaccountKey: 'yes',
    restrictSubaccountKeyToIp: 'yes',
    createSubaccountKey: 'manual',
    verifyDead: 'yes',
    notes: 'No self-delete or self-modify endpoint; sub-account key endpoints need an IP-bound master key. Creation time is not returned.',
  },
  async permissions(exchange) {
    const answer = (await implicit(exchange, 'privateGetAccountConfig')()) as { data?: Array<{ perm?: string; ip?: string }> };
    const config = answer.data?.[0] ?? {};
    const perm = splitList(config.perm);
    const ips = splitList(config.ip);
    return {
      read: perm.includes('read_only') || perm.length > 0,
      trade: perm.includes('trade'),
      withdraw: perm.includes('withdraw'),
      // OKX's trade permission covers every instrument type; there is no separate flag.
      futures: perm.includes('trade'),
      margin: perm.includes('trade'),
      ipRestricted: ips.length > 0,
      ips,
      createdAt: null,
      expiresAt: null,
      source: PROBE,
    };
  },
  probe: { endpoint: PROBE, call: (exchange) => implicit(exchange, 'privateGetAccountConfig')() },
  async revokeSubaccountKey(master, target) {
    await implicit(master, 'privatePostUsersSubaccountDeleteApikey')({ subAcct: target.subAccount, apiKey: target.apiKey });
  },
  async restrictSubaccountKeyToIp(master, target, ip) {
    await implicit(master, 'privatePostUsersSubaccountModifyApikey')({ subAcct: target.subAccount, apiKey: target.apiKey, ip });
  },
};
