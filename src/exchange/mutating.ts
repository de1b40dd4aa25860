// Which HTTP requests change something at the exchange. The dry-run guard refuses these.
// Judged by method AND endpoint: GET is read-only except for the few GET endpoints that act
// (Bybit's del-submember, Deribit's private RPC); every other method is mutating unless its
// endpoint is in the short list of read-only POSTs below (default deny). Binance
// `POST /api/v3/userDataStream` is not a trade but opens a stream, so it stays mutating.

interface ExchangeRules {
  /** Path suffixes (after the host) of non-GET endpoints that only read. */
  readOnlyWrites?: RegExp[];
  /** Path patterns of GET endpoints that change state. */
  mutatingGets?: RegExp[];
}

const RULES: Record<string, ExchangeRules> = {
  binance: {
    readOnlyWrites: [/^\/sapi\/v1\/asset\/get-funding-asset$/, /^\/sapi\/v3\/asset\/getUserAsset$/],
  },
  bybit: { mutatingGets: [/^\/v5\/user\/del-submember$/] },
  kraken: {
    // Kraken sends every private call as POST; these only read.
    readOnlyWrites: [
      /^\/0\/private\/(Balance|BalanceEx|TradeBalance|OpenOrders|ClosedOrders|QueryOrders|TradesHistory|QueryTrades|OpenPositions|Ledgers|QueryLedgers|TradeVolume|GetApiKeyInfo|DepositMethods|DepositStatus|WithdrawStatus|WithdrawMethods|WithdrawAddresses)$/,
    ],
  },
  bitfinex: { readOnlyWrites: [/^\/v2\/auth\/r\//] },
  deribit: {
    // Deribit's private RPC is all GET: only get_* and list_* methods are reads.
    mutatingGets: [/^\/api\/v2\/private\/(?!get_|list_)/],
  },
};

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The endpoint path of a request URL, without query string. */
export function endpointOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

export function isMutatingRequest(exchangeId: string, method: string, url: string): boolean {
  const path = endpointOf(url);
  const rules = RULES[exchangeId] ?? {};
  const upper = method.toUpperCase();
  if (READ_METHODS.has(upper)) return (rules.mutatingGets ?? []).some((re) => re.test(path));
  return !(rules.readOnlyWrites ?? []).some((re) => re.test(path));
}
