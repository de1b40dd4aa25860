// Classifies any error from a ccxt call into what it says about the API key:
//   dead        the exchange says the key is gone or invalid
//   restricted  the key exists but is refused here (IP not allowed, permission missing, frozen)
//   transient   network, rate limit, clock/nonce, exchange unavailable: ask again later
//   unknown     anything else
//   local       no answer from the exchange at all (a credential missing locally, a dry-run refusal)
// The exchange's own codes and messages are read before the ccxt class, because ccxt maps
// several of them loosely (notes §A: OKX 50119 is a plain ExchangeError, Binance -2015 turns
// into DDoSProtection after one success on the same instance, Kraken "Invalid signature" is
// unmapped). The class is the fallback.

export type ErrorKind = 'dead' | 'restricted' | 'transient' | 'unknown' | 'local';

export interface ClassifyContext {
  exchange: string;
}

export interface Classification {
  kind: ErrorKind;
  /** ccxt (or kit) error class name. */
  errorClass: string;
  /** The exchange's own error code when one was found in the answer. */
  code?: string;
  /** One sentence on why. */
  reason: string;
}

type CodeTable = Record<string, { kind: ErrorKind; meaning: string }>;

const BINANCE: CodeTable = {
  '-2015': { kind: 'dead', meaning: 'invalid API key, IP or permissions (also the answer for a deleted key)' },
  '-2014': { kind: 'dead', meaning: 'API key format invalid' },
  '-2008': { kind: 'dead', meaning: 'invalid API key id' },
  '-1022': { kind: 'dead', meaning: 'signature not valid for this key' },
  '-1099': { kind: 'dead', meaning: 'not found, authenticated, or authorized' },
  '-2017': { kind: 'restricted', meaning: 'API keys are locked' },
  '-1002': { kind: 'restricted', meaning: 'not authorized to execute this request' },
  '-1021': { kind: 'transient', meaning: 'timestamp outside recvWindow (clock)' },
  '-1003': { kind: 'transient', meaning: 'too much request weight' },
  '-1015': { kind: 'transient', meaning: 'too many orders' },
  '-1008': { kind: 'transient', meaning: 'server overloaded' },
  '-1000': { kind: 'transient', meaning: 'unknown server error' },
  '-1001': { kind: 'transient', meaning: 'internal error' },
};

const BYBIT: CodeTable = {
  '10003': { kind: 'dead', meaning: 'API key is invalid' },
  '10004': { kind: 'dead', meaning: 'signature error for this key' },
  '10007': { kind: 'dead', meaning: 'user authentication failed' },
  '33004': { kind: 'dead', meaning: 'API key expired' },
  '-2015': { kind: 'dead', meaning: 'API key expired or invalid (spot)' },
  '10005': { kind: 'restricted', meaning: 'permission denied for this key' },
  '10010': { kind: 'restricted', meaning: 'request IP not bound to this key' },
  '10009': { kind: 'restricted', meaning: 'IP banned' },
  '10008': { kind: 'restricted', meaning: 'user banned' },
  '10024': { kind: 'restricted', meaning: 'compliance rules' },
  '10027': { kind: 'restricted', meaning: 'trading banned' },
  '10028': { kind: 'restricted', meaning: 'unified account only' },
  '10029': { kind: 'restricted', meaning: 'symbol not allowed' },
  '10002': { kind: 'transient', meaning: 'timestamp outside recv_window (clock)' },
  '10006': { kind: 'transient', meaning: 'too many visits' },
  '10018': { kind: 'transient', meaning: 'IP rate limit' },
  '10016': { kind: 'transient', meaning: 'internal server error' },
};

const OKX: CodeTable = {
  '50111': { kind: 'dead', meaning: 'invalid OK-ACCESS-KEY' },
  '50119': { kind: 'dead', meaning: "API key doesn't exist" },
  '50100': { kind: 'dead', meaning: 'API key frozen' },
  '50101': { kind: 'dead', meaning: 'API key does not match the environment' },
  '50103': { kind: 'dead', meaning: 'OK-ACCESS-KEY header missing' },
  '50105': { kind: 'dead', meaning: 'OK-ACCESS-PASSPHRASE incorrect' },
  '50113': { kind: 'dead', meaning: 'invalid sign' },
  '50114': { kind: 'dead', meaning: 'invalid authorization' },
  '50110': { kind: 'restricted', meaning: 'IP not in the key whitelist' },
  '50120': { kind: 'restricted', meaning: "API key doesn't have permission" },
  '50102': { kind: 'transient', meaning: 'timestamp expired (clock)' },
  '50011': { kind: 'transient', meaning: 'rate limit reached' },
  '50001': { kind: 'transient', meaning: 'service temporarily unavailable' },
  '50013': { kind: 'transient', meaning: 'system busy' },
};

const KUCOIN: CodeTable = {
  '400003': { kind: 'dead', meaning: 'KC-API-KEY does not exist' },
  '400004': { kind: 'dead', meaning: 'passphrase incorrect' },
  '400005': { kind: 'dead', meaning: 'signature incorrect' },
  '400006': { kind: 'restricted', meaning: 'request IP not in the key whitelist' },
  '400007': { kind: 'restricted', meaning: 'access denied (permission)' },
  '411100': { kind: 'restricted', meaning: 'user frozen' },
  '400002': { kind: 'transient', meaning: 'timestamp invalid (clock)' },
  '429000': { kind: 'transient', meaning: 'too many requests' },
};

/** Exchanges whose errors are text labels (matched as substrings of the message). */
const KRAKEN_TEXT: Array<[string, ErrorKind, string]> = [
  ['EAPI:Invalid key', 'dead', 'invalid API key'],
  ['EAPI:Invalid signature', 'dead', 'signature invalid for this key'],
  ['EGeneral:Permission denied', 'restricted', 'permission denied for this key'],
  ['ETrade:User Locked', 'restricted', 'user locked'],
  ['EAPI:Invalid nonce', 'transient', 'invalid nonce'],
  ['EAPI:Rate limit exceeded', 'transient', 'rate limit exceeded'],
  ['EGeneral:Temporary lockout', 'transient', 'temporary lockout'],
  ['EService:Unavailable', 'transient', 'service unavailable'],
  ['EService:Busy', 'transient', 'service busy'],
];

const COINBASE_TEXT: Array<[string, ErrorKind, string]> = [
  ['revoked_token', 'dead', 'key revoked'],
  ['invalid_token', 'dead', 'invalid key'],
  ['expired_token', 'dead', 'key expired'],
  ['authentication_error', 'dead', 'authentication failed'],
  ['PERMISSION_DENIED', 'restricted', 'permission denied for this key'],
  ['request timestamp expired', 'transient', 'timestamp expired (clock)'],
];

const CODE_TABLES: Record<string, { table: CodeTable; pattern: RegExp }> = {
  binance: { table: BINANCE, pattern: /"code"\s*:\s*"?(-?\d+)"?/ },
  bybit: { table: BYBIT, pattern: /"ret_?[cC]ode"\s*:\s*"?(-?\d+)"?/ },
  okx: { table: OKX, pattern: /"(?:s?[cC]ode)"\s*:\s*"?(\d+)"?/ },
  kucoin: { table: KUCOIN, pattern: /"code"\s*:\s*"?(\d+)"?/ },
};
const TEXT_TABLES: Record<string, Array<[string, ErrorKind, string]>> = { kraken: KRAKEN_TEXT, coinbase: COINBASE_TEXT };

/** ccxt ids that share a dialect with a table above. */
const DIALECT: Record<string, string> = { binanceus: 'binance', binanceusdm: 'binance', binancecoinm: 'binance', myokx: 'okx', okxus: 'okx', bybiteu: 'bybit', kucoinfutures: 'kucoin' };

function classChain(error: unknown): string[] {
  const names: string[] = [];
  let proto = error && typeof error === 'object' ? Object.getPrototypeOf(error) : undefined;
  while (proto && proto !== Object.prototype) {
    const name = (proto.constructor as { name?: string } | undefined)?.name;
    if (name) names.push(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : '';
}

const LOCAL_CREDENTIAL = /requires "?\w+"? credential/i;

export function explainError(error: unknown, context: ClassifyContext): Classification {
  const chain = classChain(error);
  const errorClass = chain[0] ?? (error instanceof Error ? error.name : typeof error);
  const message = messageOf(error);
  if (chain.includes('MissingCredentialsError') || chain.includes('DryRunViolation') || (chain.includes('AuthenticationError') && LOCAL_CREDENTIAL.test(message))) {
    return { kind: 'local', errorClass, reason: 'no request reached the exchange (local: ' + (chain.includes('DryRunViolation') ? 'dry-run refusal' : 'credential missing') + ')' };
  }
  const dialect = DIALECT[context.exchange] ?? context.exchange;
  const coded = CODE_TABLES[dialect];
  if (coded) {
    const code = coded.pattern.exec(message)?.[1];
    const entry = code !== undefined ? coded.table[code] : undefined;
    if (code !== undefined && entry) return { kind: entry.kind, errorClass, code, reason: `${context.exchange} code ${code}: ${entry.meaning}` };
  }
  for (const [label, kind, meaning] of TEXT_TABLES[dialect] ?? []) {
    if (message.includes(label)) return { kind, errorClass, code: label, reason: `${context.exchange} ${label}: ${meaning}` };
  }
  return { ...classifyByClass(chain), errorClass };
}

function classifyByClass(chain: string[]): { kind: ErrorKind; reason: string } {
  const has = (name: string): boolean => chain.includes(name);
  if (has('PermissionDenied') || has('AccountSuspended') || has('AccountNotEnabled')) return { kind: 'restricted', reason: `${chain[0]}: the key is refused here (permission, IP or account state)` };
  if (has('AuthenticationError')) return { kind: 'dead', reason: `${chain[0]}: the exchange rejected the key` };
  if (has('NetworkError') || has('OnMaintenance')) return { kind: 'transient', reason: `${chain[0]}: network, rate limit, clock or exchange unavailable` };
  return { kind: 'unknown', reason: `${chain[0] ?? 'error'}: not an answer about the key` };
}

export function classifyError(error: unknown, context: ClassifyContext): ErrorKind {
  return explainError(error, context).kind;
}
