// Where each exchange lets a person manage API keys (create, restrict, delete), and whether its
// keys need a passphrase. Used by connect (ask for what the exchange needs), disconnect (the key
// still exists there), the checklist and key.reissue.

export interface ExchangeKeyInfo {
  name: string;
  /** The exchange's own API-management page. */
  apiManagementUrl: string;
  /** Keys need a passphrase (ccxt `password`). */
  needsPassword?: boolean;
  /** Whether sub-account keys can be created through the API (by a master key). */
  subAccountKeysViaApi?: boolean;
}

export const EXCHANGE_KEY_PAGES: Readonly<Record<string, ExchangeKeyInfo>> = {
  binance: { name: 'Binance', apiManagementUrl: 'https://www.binance.com/en/my/settings/api-management', subAccountKeysViaApi: true },
  bybit: { name: 'Bybit', apiManagementUrl: 'https://www.bybit.com/app/user/api-management', subAccountKeysViaApi: true },
  okx: { name: 'OKX', apiManagementUrl: 'https://www.okx.com/account/my-api', needsPassword: true, subAccountKeysViaApi: true },
  coinbase: { name: 'Coinbase', apiManagementUrl: 'https://portal.cdp.coinbase.com/access/api' },
  kraken: { name: 'Kraken', apiManagementUrl: 'https://www.kraken.com/u/security/api' },
  kucoin: { name: 'KuCoin', apiManagementUrl: 'https://www.kucoin.com/account/api', needsPassword: true, subAccountKeysViaApi: true },
  bitget: { name: 'Bitget', apiManagementUrl: 'https://www.bitget.com/account/newapi', needsPassword: true, subAccountKeysViaApi: true },
  gate: { name: 'Gate', apiManagementUrl: 'https://www.gate.io/myaccount/apikeys', subAccountKeysViaApi: true },
  bitfinex: { name: 'Bitfinex', apiManagementUrl: 'https://setting.bitfinex.com/api' },
  htx: { name: 'HTX', apiManagementUrl: 'https://www.htx.com/en-us/apikey/' },
  deribit: { name: 'Deribit', apiManagementUrl: 'https://www.deribit.com/account/BTC/api' },
};

/** What kit knows of an exchange's key pages; a generic answer for one not in the table. */
export function keyInfo(exchange: string): ExchangeKeyInfo & { known: boolean } {
  const info = EXCHANGE_KEY_PAGES[exchange];
  if (info) return { ...info, known: true };
  return { name: exchange, apiManagementUrl: `the API-management page of ${exchange} (in your account's security settings)`, known: false };
}
