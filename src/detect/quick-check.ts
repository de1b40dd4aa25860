// Fast acceptance of well-formed records. Validating a million trades with zod alone costs
// seconds; these hand-written checks accept only what the zod schemas in ./bundle-schema.ts
// accept (a property test holds them to that), so a record passing here needs no zod run.
// A record failing here goes to zod, which has the last word and writes the message.

type Rec = Record<string, unknown>;

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const optStr = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optNum = (v: unknown): boolean => v === undefined || v === null || num(v);
const side = (v: unknown): boolean => v === 'buy' || v === 'sell';
const optFee = (v: unknown): boolean => v === undefined || v === null || (isObject(v) && optNum(v.cost) && optStr(v.currency));
const optOneOf = (v: unknown, a: string, b: string): boolean => v === undefined || v === null || v === a || v === b;

export function quickTrade(r: unknown): boolean {
  return (
    isObject(r) && str(r.id) && optStr(r.order) && num(r.timestamp) && optStr(r.datetime) && str(r.symbol) && side(r.side) && optStr(r.type) &&
    optOneOf(r.takerOrMaker, 'taker', 'maker') && num(r.price) && r.price > 0 && num(r.amount) && r.amount >= 0 && optNum(r.cost) && optFee(r.fee) && optStr(r.clientOrderId)
  );
}

export function quickOrder(r: unknown): boolean {
  return (
    isObject(r) && str(r.id) && optStr(r.clientOrderId) && num(r.timestamp) && optStr(r.datetime) && str(r.symbol) && side(r.side) && str(r.type) &&
    optStr(r.status) && optNum(r.price) && optNum(r.average) && num(r.amount) && r.amount >= 0 && optNum(r.filled) && optStr(r.timeInForce)
  );
}

export function quickTransfer(r: unknown): boolean {
  return (
    isObject(r) && str(r.id) && optStr(r.txid) && num(r.timestamp) && optStr(r.datetime) && str(r.currency) && num(r.amount) && r.amount >= 0 &&
    optStr(r.address) && optStr(r.tag) && optStr(r.network) && optStr(r.status) && (r.type === 'deposit' || r.type === 'withdrawal') && optFee(r.fee)
  );
}

export function quickLedger(r: unknown): boolean {
  return isObject(r) && str(r.id) && num(r.timestamp) && str(r.currency) && num(r.amount) && optOneOf(r.direction, 'in', 'out') && optStr(r.type);
}

export function quickCandle(c: unknown): boolean {
  if (!Array.isArray(c) || c.length < 6) return false;
  for (const v of c) if (v !== null && !num(v)) return false;
  return true;
}
