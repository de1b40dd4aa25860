// Acceptance: ccxt's own bybit class against the simulator over HTTP (v5, unified account).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trade } from 'ccxt';
import type { SimHandle } from '../../src/sim/index.js';
import { ccxt, connect, credential, failure, startForAnswers } from './helpers.js';

const DAY = 86_400_000;
let sim: SimHandle;

beforeAll(async () => {
  sim = await startForAnswers('compromise-bybit');
});
afterAll(async () => {
  await sim.close();
});

const bot = (options: Record<string, unknown> = {}) => connect(sim, 'bybit', credential(sim, 'main', 'grid-bot'), options);

describe('bybit: markets, balances, orders', () => {
  it('loads markets with the default categories and reports the balances', async () => {
    const ex = bot();
    await ex.loadMarkets();
    expect(Object.keys(ex.markets ?? {})).toContain('VIA/BTC');
    const balance = await ex.fetchBalance();
    const usdt = sim.state.balance('main', 'USDT');
    expect(balance.USDT.total).toBeCloseTo(usdt.total, 6);
    expect(balance.USDT.used).toBeCloseTo(usdt.locked, 6);
    // The seeded attack sold all free ETH at market (what the grid bot's open orders lock stays).
    expect(balance.ETH.free).toBe(0);
    expect(balance.ETH.used).toBeGreaterThan(0);
  });

  it('lists open orders, places, cancels one and cancels all of a symbol', async () => {
    const ex = bot();
    const expected = sim.state.openOrders('main').filter((o) => o.symbol === 'BTCUSDT');
    const open = await ex.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    const placed = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.0001, 50000, { clientOrderId: 'manual-1' });
    expect(placed.clientOrderId).toBe('manual-1');
    const canceled = await ex.cancelOrder(placed.id as string, 'BTC/USDT');
    expect(canceled.id).toBe(placed.id);
    const all = await ex.cancelAllOrders('BTC/USDT');
    expect(all.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(sim.state.openOrders('main').filter((o) => o.symbol === 'BTCUSDT')).toEqual([]);
    const error = await failure(ex.cancelOrder(placed.id as string, 'BTC/USDT'));
    expect(error).toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('spends quote units on a market buy with a price, as Bybit does', async () => {
    const ex = bot();
    const before = sim.state.balance('main', 'USDT').total;
    await ex.createOrder('BTC/USDT', 'market', 'buy', 0.001, 90000);
    expect(before - sim.state.balance('main', 'USDT').total).toBeCloseTo(90, 0);
  });
});

describe('bybit: history with cursor pages and 7-day windows', () => {
  it('returns every trade of a symbol when walked in 7-day windows with cursor pages', async () => {
    const ex = bot();
    const expected = sim.state.trades('main', 'BTCUSDT');
    const anchor = sim.state.anchor;
    const got: Trade[] = [];
    for (let start = anchor - 91 * DAY; start <= Date.now(); start += 7 * DAY) {
      got.push(...await ex.fetchMyTrades('BTC/USDT', start, undefined, { until: Math.min(start + 7 * DAY - 1, Date.now()), paginate: true }));
    }
    expect(got.length).toBe(expected.length);
    expect(new Set(got.map((t) => t.id))).toEqual(new Set(expected.map((t) => t.id)));
  });

  it('answers only the last 7 days without times, and refuses a wider window', async () => {
    const ex = bot();
    const recent = sim.state.trades('main', 'BTCUSDT').filter((t) => t.time >= Date.now() - 7 * DAY);
    const got = await ex.fetchMyTrades('BTC/USDT', undefined, undefined, { paginate: true });
    expect(got.map((t) => t.id).sort()).toEqual(recent.map((t) => t.id).sort());
    const start = sim.state.anchor - 30 * DAY;
    const error = await failure(ex.fetchMyTrades('BTC/USDT', start, undefined, { until: start + 8 * DAY }));
    expect(error).toBeInstanceOf(ccxt.BadRequest);
  });

  it('serves closed orders, deposits, withdrawals (attack included) and OHLCV', async () => {
    const ex = bot();
    const truth = sim.admin.groundTruth();
    const viaOrders = truth.attacker.orders.filter((o) => o.symbol === 'VIABTC').map((o) => o.id);
    const closed = await ex.fetchClosedOrders('VIA/BTC', Date.now() - 6 * DAY, undefined, { paginate: true });
    expect(closed.map((o) => o.id).sort()).toEqual([...viaOrders].sort());
    const deposits = await ex.fetchDeposits(undefined, Date.now() - 29 * DAY);
    const expectedDeposits = sim.state.transfers('main', 'deposit').filter((d) => d.time >= Date.now() - 29 * DAY);
    expect(deposits.map((d) => d.id).sort()).toEqual(expectedDeposits.map((d) => d.id).sort());
    const withdrawals = await ex.fetchWithdrawals();
    const attackerWithdrawal = truth.attacker.withdrawals[0].id;
    expect(withdrawals.map((w) => w.id)).toContain(attackerWithdrawal);
    expect(withdrawals.find((w) => w.id === attackerWithdrawal)?.status).toBe('rejected');
    const candles = await ex.fetchOHLCV('VIA/BTC', '1m', Date.now() - 3 * 3_600_000, 300);
    const prices = candles.map((c) => Number(c[2]));
    // The pump shows in the candles: the high reaches many times the low of the window.
    expect(Math.max(...prices) / Math.min(...prices)).toBeGreaterThan(20);
  });
});

describe('bybit: keys, authentication and permissions', () => {
  it('reads the key, refuses IP changes on update-api, and deletes itself', async () => {
    const created = sim.admin.createKey({ exchange: 'bybit', account: 'main', permissions: ['read', 'trade', 'transfer'] });
    const ex = connect(sim, 'bybit', created);
    const info = await ex.privateGetV5UserQueryApi();
    expect(info.result.readOnly).toBe(0);
    expect(info.result.uta).toBe(1);
    expect(info.result.permissions.Spot).toEqual(['SpotTrade']);
    const ipError = await failure(ex.privatePostV5UserUpdateApi({ ips: '1.2.3.4' }));
    expect(ipError).toBeInstanceOf(ccxt.BadRequest);
    const updated = await ex.privatePostV5UserUpdateApi({ readOnly: 1 });
    expect(updated.result.readOnly).toBe(1);
    // A read-only key can no longer delete itself (needs a Wallet permission).
    expect(await failure(ex.privatePostV5UserDeleteApi())).toBeInstanceOf(ccxt.PermissionDenied);
    const second = sim.admin.createKey({ exchange: 'bybit', account: 'main', permissions: ['read', 'transfer'] });
    await connect(sim, 'bybit', second).privatePostV5UserDeleteApi();
    const dead = await failure(connect(sim, 'bybit', second).privateGetV5UserQueryApi());
    expect(dead).toBeInstanceOf(ccxt.AuthenticationError);
    expect(dead.message).toContain('10003');
  });

  it('lets the master list, restrict and delete a sub-account key', async () => {
    const ex = bot();
    const members = await ex.privateGetV5UserQuerySubMembers();
    const uid = members.result.subMembers[0].uid;
    const keys = await ex.privateGetV5UserSubApikeys({ subMemberId: uid });
    const sub = credential(sim, 'savings', 'savings-bot');
    expect(keys.result.result.map((k: { apiKey: string }) => k.apiKey)).toContain(sub.apiKey);
    await ex.privatePostV5UserUpdateSubApi({ apikey: sub.apiKey, ips: '10.9.8.7' });
    const refused = await failure(connect(sim, 'bybit', sub).privateGetV5UserQueryApi());
    expect(refused).toBeInstanceOf(ccxt.PermissionDenied);
    expect(refused.message).toContain('10010');
    await ex.privatePostV5UserDeleteSubApi({ apikey: sub.apiKey });
    expect((await failure(connect(sim, 'bybit', sub).privateGetV5UserQueryApi())).message).toContain('10003');
  });

  it('rejects a wrong secret (10004), a stale timestamp (10002) and trading with a read-only key (10005)', async () => {
    const good = credential(sim, 'main', 'grid-bot');
    const wrong = await failure(connect(sim, 'bybit', { apiKey: good.apiKey, secret: 'y'.repeat(36) }).privateGetV5UserQueryApi());
    expect(wrong).toBeInstanceOf(ccxt.AuthenticationError);
    expect(wrong.message).toContain('10004');
    const stale = connect(sim, 'bybit', good);
    stale.nonce = () => Date.now() - 60_000;
    const nonceError = await failure(stale.privateGetV5UserQueryApi());
    expect(nonceError).toBeInstanceOf(ccxt.InvalidNonce);
    const readOnly = connect(sim, 'bybit', credential(sim, 'main', 'read-only'));
    const denied = await failure(readOnly.createOrder('BTC/USDT', 'limit', 'buy', 0.0001, 50000));
    expect(denied).toBeInstanceOf(ccxt.PermissionDenied);
    expect(denied.message).toContain('10005');
  });
});
