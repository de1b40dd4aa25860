// Bybit v5 error answers: the same envelope as a success, with a non-zero retCode, and the HTTP
// status Bybit uses for it (most are 200; a bad or unknown key is 401; the IP limit is 403).

export class BybitApiError extends Error {
  constructor(readonly retCode: number, message: string, readonly status = 200) {
    super(message);
  }
}

export const bybitErrors = {
  params: (detail: string) => new BybitApiError(10001, `params error: ${detail}`),
  timestamp: (requestTime: string, serverTime: number, recvWindow: number) =>
    new BybitApiError(10002, `invalid request, please check your server timestamp or recv_window param. req_timestamp[${requestTime}],server_timestamp[${serverTime}],recv_window[${recvWindow}]`),
  invalidKey: () => new BybitApiError(10003, 'API key is invalid.', 401),
  // Bybit's message quotes the signed string, which holds the key; the documented text does not.
  sign: () => new BybitApiError(10004, 'Error sign, please check your signature generation algorithm.', 401),
  permission: () => new BybitApiError(10005, 'Permission denied, please check your API key permissions.'),
  tooManyVisits: () => new BybitApiError(10006, 'Too many visits. Exceeded the API Rate Limit.'),
  ipMismatch: () => new BybitApiError(10010, "Unmatched IP, please check your API key's bound IP addresses."),
  internal: () => new BybitApiError(10016, 'Internal server error.'),
  routeNotFound: () => new BybitApiError(10017, 'route not found', 404),
  orderNotFound: () => new BybitApiError(170213, 'Order does not exist.'),
  insufficient: () => new BybitApiError(170131, 'Insufficient balance.'),
  tooManyDecimals: () => new BybitApiError(170137, 'Order quantity has too many decimals.'),
  orderValueTooLow: () => new BybitApiError(170140, 'Order value exceeded lower limit.'),
  priceDecimals: () => new BybitApiError(170134, 'Order price has too many decimals.'),
  postOnlyWouldTake: () => new BybitApiError(170210, 'New order rejected.'),
  duplicateLinkId: () => new BybitApiError(170141, 'Duplicate clientOrderId.'),
  badSymbol: () => new BybitApiError(10001, 'Not supported symbols'),
  // The documented sentence (2026-02-10 change); Bybit documents no specific retCode for it.
  ipsProhibited: () => new BybitApiError(10001, 'params error: modifying, adding, or deleting IP addresses via API is prohibited.'),
};
