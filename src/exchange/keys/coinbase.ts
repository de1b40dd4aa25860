// Coinbase Advanced Trade (CDP keys): a key reads its own permissions; deleting, regenerating
// and IP-allowlisting happen only in the CDP portal.
import { implicit, type KeyOperations } from './types.js';

const PROBE = 'GET /api/v3/brokerage/key_permissions';

export const coinbaseKeys: KeyOperations = {
  exchange: 'coinbase',
  apiManagementUrl: 'https://portal.cdp.coinbase.com/projects/api-keys',
  capabilities: {
    permissions: 'yes',
    revokeSelf: 'manual',
    restrictSelfToIp: 'manual',
    revokeSubaccountKey: 'no',
    restrictSubaccountKeyToIp: 'no',
    createSubaccountKey: 'manual',
    verifyDead: 'yes',
    notes: 'Keys are managed only in the CDP portal; the IP allowlist is not returned by the API.',
  },
  async permissions(exchange) {
    const r = (await implicit(exchange, 'v3PrivateGetBrokerageKeyPermissions')()) as { can_view?: boolean; can_trade?: boolean; can_transfer?: boolean };
    return {
      read: r.can_view === true,
      trade: r.can_trade === true,
      withdraw: r.can_transfer === true,
      futures: null,
      margin: null,
      ipRestricted: null,
      createdAt: null,
      expiresAt: null,
      source: PROBE,
    };
  },
  probe: { endpoint: PROBE, call: (exchange) => implicit(exchange, 'v3PrivateGetBrokerageKeyPermissions')() },
};
