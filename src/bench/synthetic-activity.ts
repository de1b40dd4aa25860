// A synthetic but realistic account history for one compromised key, modelled on the Binance
// VIA/BTC incident (notes/incidents.md B.1): weeks of a grid bot's limit trades, then within
// minutes market sells of the alts into BTC and a burst of market buys of a coin the account
// never held, at ten times its price, and a withdrawal to a new address. Deterministic (seeded).
import type { ActivityBundle, AnalysisResult, BundleOrder, BundleTrade, BundleTransfer, Finding } from '../detect/types.js';

export interface SyntheticActivityOptions {
  exchange: string;
  account: string;
  /** When the response run started (ms). */
  runStartedAt: number;
  /** Total trades in the window (normal + attacker). */
  trades: number;
  /** Attacker trades among them (at least 4). */
  attackTrades: number;
  /** A client order id put on one attacker trade (e.g. an HTML-injection probe). */
  hostileClientOrderId: string;
  seed?: number;
}

export interface SyntheticActivity {
  bundle: ActivityBundle;
  findings: AnalysisResult;
  /** Open orders of the operator's bot at the time of the response (cancelled by the runbook). */
  openOrders: BundleOrder[];
  attackWindow: { from: number; to: number };
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const BOT_PREFIX = 'gridbot-';

/** mulberry32: a small, fast, seeded generator, so fixtures are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export function syntheticActivity(options: SyntheticActivityOptions): SyntheticActivity {
  const rnd = random(options.seed ?? 7);
  const until = options.runStartedAt;
  const since = until - 72 * HOUR;
  const attackFrom = until - 2 * HOUR - 13 * MINUTE;
  const attackTrades = Math.max(4, options.attackTrades);
  const normalCount = Math.max(0, options.trades - attackTrades);
  const trades: BundleTrade[] = [];
  const orders: BundleOrder[] = [];

  const books = [
    { symbol: 'BTC/USDT', price: 87_000, amount: 0.002 },
    { symbol: 'ETH/USDT', price: 2_200, amount: 0.05 },
  ];
  for (let i = 0; i < normalCount; i++) {
    const book = books[i % books.length];
    const timestamp = Math.floor(since + ((i + rnd()) / Math.max(1, normalCount)) * (attackFrom - since - MINUTE));
    const price = round(book.price * (1 + (rnd() - 0.5) * 0.02), 2);
    const amount = round(book.amount * (0.5 + rnd()), 5);
    const orderId = String(4_000_000 + i);
    trades.push({
      id: String(90_000_000 + i), order: orderId, timestamp, datetime: new Date(timestamp).toISOString(), symbol: book.symbol,
      side: rnd() < 0.5 ? 'buy' : 'sell', type: 'limit', takerOrMaker: 'maker', price, amount, cost: round(price * amount, 6),
      fee: { cost: round(price * amount * 0.001, 6), currency: 'USDT' }, clientOrderId: `${BOT_PREFIX}${orderId}`,
    });
  }

  // The attack: liquidate three alts into BTC, then buy VIA/BTC in a burst at a rising price.
  const attackIds: string[] = [];
  const sells = [
    { symbol: 'ETH/BTC', price: 0.0253, amount: 4.1 },
    { symbol: 'SOL/BTC', price: 0.00162, amount: 61 },
    { symbol: 'ADA/BTC', price: 0.0000081, amount: 12_400 },
  ];
  const buys = attackTrades - sells.length;
  const burstMs = Math.max(2 * MINUTE, buys * 1_500);
  const addAttackTrade = (index: number, symbol: string, side: 'buy' | 'sell', price: number, amount: number, timestamp: number, clientOrderId: string): void => {
    const id = String(99_000_000 + index);
    const orderId = String(7_000_000 + index);
    attackIds.push(id);
    trades.push({
      id, order: orderId, timestamp, datetime: new Date(timestamp).toISOString(), symbol, side, type: 'market', takerOrMaker: 'taker', price, amount,
      cost: round(price * amount, 8), fee: { cost: round(price * amount * 0.001, 8), currency: 'BTC' }, clientOrderId,
    });
    orders.push({
      id: orderId, clientOrderId, timestamp, datetime: new Date(timestamp).toISOString(), symbol, side, type: 'market', status: 'closed',
      price: null, average: price, amount, filled: amount, timeInForce: 'GTC',
    });
  };
  sells.forEach((s, i) => addAttackTrade(i, s.symbol, 'sell', s.price, s.amount, attackFrom + i * 20_000, `x-TKT5PX2F${1000 + i}`));
  const buyFrom = attackFrom + MINUTE + 10_000;
  for (let j = 0; j < buys; j++) {
    const progress = buys === 1 ? 1 : j / (buys - 1);
    const price = round(0.00025 * (1 + 9 * progress), 8);
    const clientOrderId = j === Math.floor(buys / 2) ? options.hostileClientOrderId : `x-TKT5PX2F${2000 + j}`;
    addAttackTrade(sells.length + j, 'VIA/BTC', 'buy', price, round(120 + rnd() * 400, 2), Math.floor(buyFrom + progress * burstMs), clientOrderId);
  }
  const attackTo = buyFrom + burstMs;
  trades.sort((a, b) => a.timestamp - b.timestamp);

  const withdrawal: BundleTransfer = {
    id: 'wd-5581', txid: null, timestamp: attackTo + 4 * MINUTE, datetime: new Date(attackTo + 4 * MINUTE).toISOString(), currency: 'BTC',
    amount: 0.41, address: 'bc1q9attackerdoesnotexist0000000000000000', network: 'BTC', status: 'pending', type: 'withdrawal', fee: { cost: 0.0002, currency: 'BTC' },
  };
  const openOrders: BundleOrder[] = Array.from({ length: 7 }, (_, i) => ({
    id: String(8_800_000 + i), clientOrderId: `${BOT_PREFIX}${8_800_000 + i}`, timestamp: until - (i + 1) * 9 * MINUTE, symbol: books[i % 2].symbol,
    side: i % 2 === 0 ? 'buy' : 'sell', type: 'limit', status: 'open', price: round(books[i % 2].price * (i % 2 === 0 ? 0.97 : 1.03), 2), amount: books[i % 2].amount, filled: 0,
  }));

  const bundle: ActivityBundle = {
    format: 'kit-activity-bundle', version: 1, exchange: options.exchange, account: options.account, generatedAt: new Date(until + 40_000).toISOString(),
    window: { since, until }, baseline: { since: since - 27 * 24 * HOUR, until: since },
    trades, orders: [...orders, ...openOrders], deposits: [], withdrawals: [withdrawal],
    balances: { BTC: 0.02, USDT: 1520.4, VIA: 91_230 }, referencePrices: { BTC: 87_000, ETH: 2_200, VIA: 0.00025 * 87_000 },
    config: { clientOrderIdPrefixes: [BOT_PREFIX], operatorSymbols: ['BTC/USDT', 'ETH/USDT'], usualOrderTypes: ['limit'] },
    gaps: [{ what: 'ledger', reason: 'binance has no unified ledger for spot accounts' }],
  };
  const findings = syntheticFindings(options, bundle, trades, attackIds, withdrawal, { from: attackFrom, to: attackTo });
  return { bundle, findings, openOrders, attackWindow: { from: attackFrom, to: withdrawal.timestamp } };
}

function syntheticFindings(
  options: SyntheticActivityOptions, bundle: ActivityBundle, trades: BundleTrade[], attackIds: string[], withdrawal: BundleTransfer, attack: { from: number; to: number },
): AnalysisResult {
  const attackSet = new Set(attackIds);
  const attackTrades = trades.filter((t) => attackSet.has(t.id));
  const viaTrades = attackTrades.filter((t) => t.symbol === 'VIA/BTC');
  const hostile = attackTrades.filter((t) => t.clientOrderId && !t.clientOrderId.startsWith(BOT_PREFIX));
  const finding = (rule: string, severity: Finding['severity'], signal: string, covered: BundleTrade[], sentence: string, withdrawalIds: string[] = []): Finding => ({
    rule, severity, score: severity === 'critical' ? 0.95 : severity === 'high' ? 0.8 : 0.4, signal, sentence,
    tradeIds: covered.map((t) => t.id), orderIds: covered.map((t) => String(t.order)), withdrawalIds,
    from: covered[0]?.timestamp ?? withdrawal.timestamp, to: covered[covered.length - 1]?.timestamp ?? withdrawal.timestamp,
  });
  const findingsList: Finding[] = [
    finding('new-market', 'high', 'market', viaTrades, `${viaTrades.length} buys of VIA/BTC, a market this account had not traded in the 30-day baseline.`),
    finding('off-price-fill', 'critical', 'price', viaTrades.slice(Math.floor(viaTrades.length / 3)), `VIA/BTC was bought up to 900% above its pre-window price of 0.00025 BTC.`),
    finding('burst', 'high', 'burst', viaTrades, `${viaTrades.length} market orders on one symbol within ${Math.round((attack.to - attack.from) / 60_000)} minutes; the account's baseline is 3 orders an hour.`),
    finding('liquidate-then-concentrate', 'critical', 'pattern', attackTrades, `ETH, SOL and ADA were sold at market into BTC, then the proceeds bought VIA/BTC within minutes.`),
    finding('client-order-id', 'low', 'client', hostile.slice(0, 50), `${hostile.length} orders carried client order ids such as "${options.hostileClientOrderId}", which do not match your bot's prefix "${BOT_PREFIX}".`),
    finding('withdrawal-new-address', 'critical', 'withdrawal', [], `0.41 BTC withdrawal requested to ${withdrawal.address}, an address never used before, 4 minutes after the anomalous trades.`, [withdrawal.id]),
  ];
  const labels: AnalysisResult['labels'] = { trades: {}, orders: {}, withdrawals: { [withdrawal.id]: 'attacker-likely' } };
  for (const t of attackTrades) {
    labels.trades[t.id] = 'attacker-likely';
    labels.orders[String(t.order)] = 'attacker-likely';
  }
  return {
    format: 'kit-findings', version: 1, exchange: options.exchange, account: options.account, window: bundle.window,
    verdict: {
      compromised: true, level: 'compromise-suspected', signals: ['market', 'price', 'burst', 'pattern', 'withdrawal'],
      summary: 'Compromise suspected: five independent signals (new market, off-price fills, burst, liquidate-then-concentrate, withdrawal to a new address).',
    },
    findings: findingsList, labels,
    counts: {
      trades: trades.length, orders: bundle.orders.length, withdrawals: 1,
      flaggedTrades: attackTrades.length, flaggedOrders: attackTrades.length, flaggedWithdrawals: 1,
    },
  };
}
