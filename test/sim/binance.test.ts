// Acceptance: ccxt's own binance class against the simulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { ccxt, connect, credential, failure } from './helpers.js';

const DAY = 86_400_000;
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSimulator({ scenario: loadScenario('quiet') });
});
afterAll(async () => {
  await sim.close();
});

const bot = () => connect(sim, 'binance', credential(sim, 'main', 'grid-bot'));

describe('binance: markets, balances, orders', () => {
  it('loads markets (spot, linear, inverse defaults) and reports the scenario balances', async () => {
    const ex = bot();
    await ex.loadMarkets();
    expect(Object.keys(ex.markets ?? {}).sort()).toEqual(['BNB/USDT', 'BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    const balance = await ex.fetchBalance();
    const btc = sim.state.balance('main', 'BTC');
    expect(balance.BTC.total).toBeCloseTo(0.85, 8);
    expect(balance.BTC.free).toBeCloseTo(btc.free, 8);
    expect(balance.BTC.used).toBeCloseTo(btc.locked, 8);
    expect(btc.locked).toBeGreaterThan(0);
  });

  it('lists open orders, places, cancels one and cancels all', async () => {
    const ex = bot();
    const open = await ex.fetchOpenOrders('ETH/USDT');
    const expected = sim.state.openOrders('main').filter((o) => o.symbol === 'ETHUSDT');
    expect(open.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(open.every((o) => o.clientOrderId?.startsWith('gridbot-'))).toBe(true);

    const placed = await ex.createOrder('ETH/USDT', 'limit', 'buy', 0.01, 3000);
    expect(placed.status).toBe('open');
    const headers = ex.last_response_headers as Record<string, string>;
    expect(Number(headers['x-mbx-order-count-10s'] ?? headers['X-Mbx-Order-Count-10s'])).toBeGreaterThan(0);
    expect(sim.state.openOrders('main').some((o) => o.id === placed.id)).toBe(true);
    const canceled = await ex.cancelOrder(placed.id as string, 'ETH/USDT');
    expect(canceled.status).toBe('canceled');

    const all = await ex.cancelAllOrders('ETH/USDT');
    expect(all.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(sim.state.openOrders('main').filter((o) => o.symbol === 'ETHUSDT')).toEqual([]);
    // Binance answers a cancel-all with nothing left to cancel as "Unknown order sent." (-2011).
    const error = await failure(ex.cancelAllOrders('ETH/USDT'));
    expect(error).toBeInstanceOf(ccxt.OrderNotFound);
    expect(error.message).toContain('-2011');
  });

  it('fills a market order at the price path and charges the fee in the received asset', async () => {
    const ex = bot();
    const before = sim.state.balance('main', 'SOL').total;
    const order = await ex.createOrder('SOL/USDT', 'market', 'buy', 1);
    expect(order.status).toBe('closed');
    expect(order.filled).toBe(1);
    expect(order.fee?.currency).toBe('SOL');
    expect(sim.state.balance('main', 'SOL').total).toBeCloseTo(before + 0.999, 8);
  });
});

describe('binance: history with the real paging and window rules', () => {
  it('returns every trade of a symbol across pages (paginate) with the scenario ids', async () => {
    const ex = bot();
    const expected = sim.state.trades('main', 'BTCUSDT');
    expect(expected.length).toBeGreaterThan(1000);
    const all = await ex.fetchMyTrades('BTC/USDT', undefined, undefined, { paginate: true });
    expect(all.length).toBe(expected.length);
    expect(new Set(all.map((t) => t.id))).toEqual(new Set(expected.map((t) => t.id)));
  });

  it('pages by fromId at most 1000 at a time', async () => {
    const ex = bot();
    const expected = sim.state.trades('main', 'BTCUSDT');
    const first = await ex.fetchMyTrades('BTC/USDT', undefined, 5000, { fromId: expected[0].id });
    expect(first.length).toBe(1000);
    const next = await ex.fetchMyTrades('BTC/USDT', undefined, 1000, { fromId: String(Number(first[999].id) + 1) });
    expect([...first, ...next].map((t) => t.id)).toEqual(expected.map((t) => t.id));
  });

  it('answers a 24-hour window exactly and refuses a longer one (-1127)', async () => {
    const ex = bot();
    const expected = sim.state.trades('main', 'BTCUSDT');
    const start = expected[Math.floor(expected.length / 2)].time;
    const inWindow = expected.filter((t) => t.time >= start && t.time <= start + DAY);
    const got = await ex.fetchMyTrades('BTC/USDT', start, undefined, { until: start + DAY });
    expect(got.map((t) => t.id)).toEqual(inWindow.map((t) => t.id));
    const error = await failure(ex.fetchMyTrades('BTC/USDT', start, undefined, { until: start + DAY + 1 }));
    expect(error).toBeInstanceOf(ccxt.BadRequest);
    expect(error.message).toContain('-1127');
  });

  it('serves orders, deposits, withdrawals and OHLCV', async () => {
    const ex = bot();
    const orders = sim.state.orders('main', 'ETHUSDT');
    const recent = await ex.fetchOrders('ETH/USDT', undefined, undefined, { paginate: true });
    expect(new Set(recent.map((o) => o.id))).toEqual(new Set(orders.map((o) => o.id)));
    const deposits = await ex.fetchDeposits();
    expect(deposits.map((d) => d.id).sort()).toEqual(sim.state.transfers('main', 'deposit').map((d) => d.id).sort());
    const withdrawals = await ex.fetchWithdrawals();
    expect(withdrawals.map((w) => w.id).sort()).toEqual(sim.state.transfers('main', 'withdrawal').map((w) => w.id).sort());
    expect(withdrawals.every((w) => w.type === 'withdrawal' && w.status === 'ok')).toBe(true);
    const candles = await ex.fetchOHLCV('BTC/USDT', '1h', undefined, 24);
    expect(candles).toHaveLength(24);
    const rows = candles.map((c) => c.map(Number));
    expect(rows[23][0] - rows[0][0]).toBe(23 * 3_600_000);
    expect(rows.every((c) => c[0] % 3_600_000 === 0 && c[2] >= c[3] && c[0] <= Date.now())).toBe(true);
  });
});

describe('binance: authentication and permissions', () => {
  it('rejects a wrong secret with -1022', async () => {
    const good = credential(sim, 'main', 'grid-bot');
    const ex = connect(sim, 'binance', { apiKey: good.apiKey, secret: 'x'.repeat(64) });
    const error = await failure(ex.fetchBalance());
    expect(error).toBeInstanceOf(ccxt.AuthenticationError);
    expect(error.message).toContain('-1022');
  });

  it('refuses an IP-restricted key and a read-only key with -2015', async () => {
    const locked = connect(sim, 'binance', credential(sim, 'main', 'ip-locked'), { options: { fetchCurrencies: false, fetchMargins: false, fetchMarkets: ['spot'] } });
    const ipError = await failure(locked.fetchBalance());
    expect(ipError).toBeInstanceOf(ccxt.AuthenticationError);
    expect(ipError.message).toContain('-2015');
    const readOnly = connect(sim, 'binance', credential(sim, 'main', 'read-only'));
    await readOnly.fetchBalance();
    const error = await failure(readOnly.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000));
    expect(error.message).toContain('-2015');
  });

  it('answers a deleted key with -2015 on /api/v3 and -2008 on /sapi', async () => {
    const created = sim.admin.createKey({ exchange: 'binance', account: 'main', permissions: ['read', 'trade'] });
    const ex = connect(sim, 'binance', created);
    expect((await ex.sapiGetAccountApiRestrictions()).enableSpotAndMarginTrading).toBe(true);
    expect(sim.admin.deleteKey(created.apiKey)).toBe(true);
    const sapiError = await failure(connect(sim, 'binance', created).sapiGetAccountApiRestrictions());
    expect(sapiError.message).toContain('-2008');
    const apiError = await failure(connect(sim, 'binance', created, { options: { fetchCurrencies: false, fetchMargins: false, fetchMarkets: ['spot'] } }).fetchBalance());
    expect(apiError).toBeInstanceOf(ccxt.AuthenticationError);
    expect(apiError.message).toContain('-2015');
  });
});
