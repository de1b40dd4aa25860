// KuCoin: a key reads its own info (permission, ipWhitelist); it cannot delete itself. A
// master can delete a sub-account key only with that key's passphrase, so kit treats it as manual.
import { implicit, isoOrNull, splitList, type KeyOperations } from './types.js';

const PROBE = 'GET /api/v1/user/api-key';

export const kucoinKeys: KeyOperations = {
  exchange: 'kucoin',
  apiManagementUrl: 'https://www.kucoin.com/account/api',
  capabilities: {
    permissions: 'yes',
    revokeSelf: 'manual',
    restrictSelfToIp: 'manual',
    revokeSubaccountKey: 'manual',
    restrictSubaccountKeyToIp: 'manual',
    createSubaccountKey: 'manual',
    verifyDead: 'yes',
    notes: 'Sub-account key delete/update need the sub key\'s own passphrase; IP and permission errors arrive as AuthenticationError (400006/400007).',
  },
  async permissions(exchange) {
    const answer = (await implicit(exchange, 'privateGetUserApiKey')()) as { data?: { permission?: string; ipWhitelist?: string; createdAt?: number } };
    const data = answer.data ?? {};
    const perms = splitList(data.permission).map((p) => p.toLowerCase());
    const ips = splitList(data.ipWhitelist);
    return {
      read: perms.includes('general'),
      trade: perms.includes('spot') || perms.includes('futures') || perms.includes('margin'),
      withdraw: perms.includes('withdrawal') || perms.includes('withdraw'),
      futures: perms.includes('futures'),
      margin: perms.includes('margin'),
      ipRestricted: ips.length > 0,
      ips,
      createdAt: isoOrNull(data.createdAt),
      expiresAt: null,
      source: PROBE,
    };
  },
  probe: { endpoint: PROBE, call: (exchange) => implicit(exchange, 'privateGetUserApiKey')() },
};
