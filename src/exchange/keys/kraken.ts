// Kraken spot: a key reads its own info (GetApiKeyInfo, no permission needed); keys are
// created, restricted and deleted only on the web page. The answer's permission names are
// read loosely (any *withdraw* name means withdraw, order names mean trade).
import { implicit, isoOrNull, splitList, type KeyOperations } from './types.js';

const PROBE = 'POST /0/private/GetApiKeyInfo';

interface ApiKeyInfo {
  permissions?: string[] | Record<string, boolean>;
  ip_allowlist?: string[] | string;
  ip_whitelist?: string[] | string;
  created_time?: string | number;
  valid_until?: string | number;
}

function permissionNames(value: ApiKeyInfo['permissions']): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).toLowerCase());
  if (value && typeof value === 'object') return Object.entries(value).filter(([, on]) => on).map(([name]) => name.toLowerCase());
  return [];
}

export const krakenKeys: KeyOperations = {
  exchange: 'kraken',
  apiManagementUrl: 'https://pro.kraken.com/app/settings/api',
  capabilities: {
    permissions: 'yes',
    revokeSelf: 'manual',
    restrictSelfToIp: 'manual',
    revokeSubaccountKey: 'no',
    restrictSubaccountKeyToIp: 'no',
    createSubaccountKey: 'no',
    verifyDead: 'yes',
    notes: 'No key-management API: delete or restrict the key on the Kraken page.',
  },
  async permissions(exchange) {
    const answer = (await implicit(exchange, 'privatePostGetApiKeyInfo')()) as { result?: ApiKeyInfo };
    const info = answer.result ?? {};
    const names = permissionNames(info.permissions);
    const ips = splitList(info.ip_allowlist ?? info.ip_whitelist);
    return {
      read: names.some((n) => n.startsWith('query')),
      trade: names.some((n) => n.includes('order')),
      withdraw: names.some((n) => n.includes('withdraw')),
      futures: null,
      margin: null,
      ipRestricted: ips.length > 0,
      ips,
      createdAt: isoOrNull(info.created_time),
      expiresAt: isoOrNull(info.valid_until),
      source: PROBE,
    };
  },
  probe: { endpoint: PROBE, call: (exchange) => implicit(exchange, 'privatePostGetApiKeyInfo')() },
};
