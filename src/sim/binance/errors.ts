// Binance error answers: {"code": <negative int>, "msg": "..."} with the HTTP status Binance uses.
// Messages are Binance's own (errors.md), because ccxt matches some of them exactly.

export class BinanceApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const binanceErrors = {
  unknown: () => new BinanceApiError(500, -1000, 'An unknown error occurred while processing the request.'),
  internal: () => new BinanceApiError(500, -1001, 'Internal error; unable to process your request. Please try again.'),
  unauthorized: () => new BinanceApiError(401, -1002, 'You are not authorized to execute this request.'),
  illegalChars: (name: string) => new BinanceApiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`),
  tooManyParams: () => new BinanceApiError(400, -1101, 'Too many parameters sent for this endpoint.'),
  mandatory: (name: string) => new BinanceApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  unknownParam: () => new BinanceApiError(400, -1103, 'An unknown parameter was sent.'),
  badInterval: () => new BinanceApiError(400, -1120, 'Invalid interval.'),
  badSymbol: () => new BinanceApiError(400, -1121, 'Invalid symbol.'),
  intervalTooBig: () => new BinanceApiError(400, -1127, 'More than 24 hours between startTime and endTime.'),
  combination: () => new BinanceApiError(400, -1128, 'Combination of optional parameters invalid.'),
  /** /fapi history: `fromId` together with a time bound. */
  notRequired: (name: string) => new BinanceApiError(400, -1106, `Parameter '${name}' sent when not required.`),
  /** /fapi history windows are at most 7 days (errors.md's "More than %s hours between startTime and endTime."). */
  futuresIntervalTooBig: () => new BinanceApiError(400, -1127, 'More than 168 hours between startTime and endTime.'),
  badValue: (name: string) => new BinanceApiError(400, -1130, `Invalid data sent for a parameter: ${name}.`),
  recvWindow: () => new BinanceApiError(400, -1131, 'recvWindow must be less than 60000'),
  timestampAhead: () => new BinanceApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  timestampOutside: () => new BinanceApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  signature: () => new BinanceApiError(400, -1022, 'Signature for this request is not valid.'),
  insufficient: () => new BinanceApiError(400, -2010, 'Account has insufficient balance for requested action.'),
  wouldTake: () => new BinanceApiError(400, -2010, 'Order would immediately match and take.'),
  cancelRejected: () => new BinanceApiError(400, -2011, 'Unknown order sent.'),
  noSuchOrder: () => new BinanceApiError(400, -2013, 'Order does not exist.'),
  keyFormat: () => new BinanceApiError(401, -2014, 'API-key format invalid.'),
  rejectedKey: (ip?: string) => new BinanceApiError(401, -2015, `Invalid API-key, IP, or permissions for action${ip ? `, request ip: ${ip}` : '.'}`),
  /** /sapi answers an unknown or deleted key like this (HTTP 400, as observed in ccxt issue reports). */
  invalidKeyId: () => new BinanceApiError(400, -2008, 'Invalid Api-Key ID.'),
  filter: (filter: string) => new BinanceApiError(400, -1013, `Filter failure: ${filter}`),
  /** Not taken from Binance's documentation (which lists no code for it): an unknown sub-account e-mail. */
  noSubAccount: () => new BinanceApiError(400, -12022, 'Sub-account does not exist.'),
  tooMuchWeight: (limit: number, intervalText: string, retryAfter: number) =>
    new BinanceApiError(429, -1003, `Too much request weight used; current limit is ${limit} request weight per ${intervalText}. Please use WebSocket Streams for live updates to avoid polling the API.`, { 'retry-after': String(retryAfter) }),
  banned: (until: number, retryAfter: number) =>
    new BinanceApiError(418, -1003, `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`, { 'retry-after': String(retryAfter) }),
  tooManyOrders: (limit: number, retryAfter: number) =>
    new BinanceApiError(429, -1015, `Too many new orders; current limit is ${limit} orders per TEN_SECONDS.`, { 'retry-after': String(retryAfter) }),
};
