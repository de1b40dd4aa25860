// Attacker activity and the ground truth: seeded attacks are visible through the exchange API with
// exactly the ground truth's ids; a live attack happens when its time comes only if the key still
// works; keys the API cannot revoke refuse revocation with the exchange's codes.
import { describe, expect, it } from 'vitest';
import { loadScenario, startSimulator } from '../../src/sim/index.js';
import { ccxt, connect, credential, failure } from './helpers.js';

const MINUTE = 60_000;

describe('attacks and ground truth', () => {
  it('serves the seeded attack with the ground-truth ids and never on an exchange route', async () => {
    const sim = await startSimulator({ scenario: loadScenario('compromise'), adminHttp: false });
    try {
      const truth = sim.admin.groundTruth();
      expect(truth.leakedKeys).toEqual([expect.objectContaining({ exchange: 'binance', account: 'main', name: 'grid-bot', fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) })]);
      const ex = connect(sim, 'binance', credential(sim, 'main', 'read-only'));
      const since = (truth.attackStartedAt as number) - MINUTE;
      const attackerTrades = truth.attacker.trades;
      const symbols = [...new Set(attackerTrades.map((t) => t.symbol))];
      expect(symbols.sort()).toEqual(['ADABTC', 'ETHBTC', 'LINKBTC', 'SOLBTC', 'VIABTC']);
      // VIA/BTC was only ever traded by the attacker: the API answer is exactly the ground truth.
      const via = await ex.fetchMyTrades('VIA/BTC', since);
      expect(via.map((t) => t.id).sort()).toEqual(attackerTrades.filter((t) => t.symbol === 'VIABTC').map((t) => t.id).sort());
      const prices = via.map((t) => t.price as number);
      expect(Math.max(...prices) / Math.min(...prices)).toBeGreaterThan(50);
      const withdrawals = await ex.fetchWithdrawals('USDT', since);
      expect(withdrawals.map((w) => w.id)).toEqual(truth.attacker.withdrawals.map((w) => w.id));
      // No exchange route serves the ground truth.
      for (const p of ['/__kit-sim/ground-truth', '/api/v3/groundTruth', '/v5/ground-truth']) {
        const text = await (await fetch(sim.baseUrl + p)).text();
        expect(text).not.toContain(truth.attacker.trades[0].id);
      }
    } finally {
      await sim.close();
    }
  });

  it('runs a live attack when its time comes while the key works, and records it as prevented once the key is deleted', async () => {
    let shift = 0;
    const clock = () => Date.now() + shift;
    const alive = await startSimulator({ scenario: loadScenario('compromise'), clock });
    const dead = await startSimulator({ scenario: loadScenario('compromise'), clock });
    try {
      const before = alive.admin.groundTruth().attacker.orders.length;
      expect(dead.admin.deleteKey(credential(dead, 'main', 'grid-bot').apiKey)).toBe(true);
      shift = 4 * MINUTE;
      const after = alive.admin.groundTruth();
      expect(after.attacker.orders.length).toBe(before + 1);
      const live = after.attacker.orders[after.attacker.orders.length - 1];
      const ex = connect(alive, 'binance', credential(alive, 'main', 'read-only'));
      ex.nonce = () => clock();
      const open = await ex.fetchOpenOrders('VIA/BTC');
      expect(open.map((o) => o.id)).toEqual([live.id]);
      const prevented = dead.admin.groundTruth();
      expect(prevented.attacker.orders.length).toBe(before);
      expect(prevented.attacker.prevented).toEqual([expect.objectContaining({ account: 'main', type: 'order', reason: 'key deleted' })]);
    } finally {
      await alive.close();
      await dead.close();
    }
  });
});

describe('keys the API cannot revoke', () => {
  it('bybit: a key without a Wallet permission cannot delete or restrict itself (10005)', async () => {
    const sim = await startSimulator({ scenario: loadScenario('unrevocable') });
    try {
      const ex = connect(sim, 'bybit', credential(sim, 'bybitmain', 'trading-bot'));
      const denied = await failure(ex.privatePostV5UserDeleteApi());
      expect(denied).toBeInstanceOf(ccxt.PermissionDenied);
      expect(denied.message).toContain('10005');
      expect(await failure(ex.privatePostV5UserUpdateApi({ readOnly: 1 }))).toBeInstanceOf(ccxt.PermissionDenied);
      expect((await ex.privateGetV5UserQueryApi()).result.readOnly).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('binance: the master cannot delete or IP-restrict a sub-account key marked not revocable (-1002)', async () => {
    const sim = await startSimulator({ scenario: loadScenario('unrevocable') });
    try {
      const master = connect(sim, 'binance', credential(sim, 'binancemain', 'trading-bot'));
      const sub = credential(sim, 'binancebot', 'sub-bot');
      const params = { email: 'owner+bot@example.com', subAccountApiKey: sub.apiKey };
      const denied = await failure(master.request('sub-account/subAccountApi', 'sapi', 'DELETE', params));
      // -1002: ccxt matches its message exactly, so the class says it: PermissionDenied.
      expect(denied).toBeInstanceOf(ccxt.PermissionDenied);
      expect(denied.message).toContain('You are not authorized to execute this request.');
      expect(await failure(master.sapiV2PostSubAccountSubAccountApiIpRestriction({ ...params, status: '2', ipAddress: '192.0.2.1' }))).toBeInstanceOf(ccxt.PermissionDenied);
      expect((await connect(sim, 'binance', sub).sapiGetAccountApiRestrictions()).enableSpotAndMarginTrading).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('binance sub-account key endpoints', () => {
  it('lets the master list, IP-restrict, lift and delete a sub-account key (e-mail with + sent unescaped)', async () => {
    const sim = await startSimulator({ scenario: loadScenario('quiet') });
    try {
      const master = connect(sim, 'binance', credential(sim, 'main', 'grid-bot'));
      const sub = credential(sim, 'bot-sub', 'sub-trader');
      const subs = await master.sapiGetSubAccountList();
      expect(subs.subAccounts.map((s: { email: string }) => s.email)).toEqual(['owner+bot-sub@example.com']);
      const email = subs.subAccounts[0].email as string;
      const listed = await master.request('sub-account/subAccountApi', 'sapi', 'GET', { email });
      expect(listed.list.map((k: { apikey: string }) => k.apikey)).toEqual([sub.apiKey]);
      const restricted = await master.sapiV2PostSubAccountSubAccountApiIpRestriction({ email, subAccountApiKey: sub.apiKey, status: '2', ipAddress: '192.0.2.1,192.0.2.2' });
      expect(restricted).toMatchObject({ status: '2', ipList: ['192.0.2.1', '192.0.2.2'] });
      const subClient = () => connect(sim, 'binance', sub, { options: { fetchMarkets: ['spot'], fetchCurrencies: false, fetchMargins: false } });
      expect((await failure(subClient().fetchBalance())).message).toContain('-2015');
      const lifted = await master.sapiDeleteSubAccountSubAccountApiIpRestrictionIpList({ email, subAccountApiKey: sub.apiKey, ipAddress: '192.0.2.1,192.0.2.2' });
      expect(lifted).toMatchObject({ ipRestrict: 'false', ipList: [] });
      expect((await subClient().fetchBalance()).USDT.total).toBe(2500);
      // A sub-account key cannot manage keys: only a master key can.
      expect(await failure(subClient().sapiGetSubAccountList())).toBeInstanceOf(ccxt.PermissionDenied);
      expect(await master.request('sub-account/subAccountApi', 'sapi', 'DELETE', { email, subAccountApiKey: sub.apiKey })).toEqual({});
      expect((await failure(subClient().fetchBalance())).message).toContain('-2015');
      expect((await failure(subClient().sapiGetAccountApiRestrictions())).message).toContain('-2008');
    } finally {
      await sim.close();
    }
  });
});
