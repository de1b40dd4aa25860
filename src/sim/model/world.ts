// Builds the simulated world from a scenario and keeps it moving: seeded history, seeded attacks
// (past), live attacks (future or injected) run when their time comes, and the ground truth.
import { createPrng, type Prng } from '../util/prng.js';
import { parseDuration } from '../util/duration.js';
import type { AttackEventSpec, ExchangeId, KeySpec, Scenario } from '../scenario/schema.js';
import { runAttack, resolveAttackTime, type AttackRecords, type TimedAttack } from './attacks.js';
import { generateBaseline } from './baseline.js';
import { createIdAllocator, createUsdmIdAllocator } from './ids.js';
import { buildMarkets } from './markets.js';
import { keyFingerprint, SimState } from './state.js';
import type { GroundTruth, SimKey } from './types.js';

/** An event for injectEvents(): a scenario attack whose `at` may also be an absolute epoch-ms time. */
export type InjectedEvent = Omit<AttackEventSpec, 'at'> & { at: string | number };

export class SimWorld {
  private readonly pending: TimedAttack[] = [];
  private readonly records: AttackRecords = { orders: [], trades: [], withdrawals: [], prevented: [] };
  private readonly attackPrng: Prng;
  private readonly keyPrng: Prng;

  constructor(readonly state: SimState, prng: Prng) {
    this.attackPrng = prng.fork('attacks');
    this.keyPrng = prng.fork('admin-keys');
  }

  /** Schedules events; those whose time has passed run at once (as seeded history, without key checks). */
  schedule(events: TimedAttack[], now: number, live: boolean): void {
    for (const event of [...events].sort((a, b) => a.time - b.time)) {
      if (event.time <= now && !live) runAttack(this.state, event, this.attackPrng, this.records, false);
      else this.pending.push(event);
    }
    this.pending.sort((a, b) => a.time - b.time);
  }

  /** Runs every live event due by `now`. Called before each request is served. */
  advance(now: number): void {
    while (this.pending.length > 0 && this.pending[0].time <= now) {
      const event = this.pending.shift() as TimedAttack;
      runAttack(this.state, event, this.attackPrng, this.records, true);
    }
  }

  inject(events: InjectedEvent[], now: number): void {
    const timed = events.map((e) => ({ ...e, time: resolveAttackTime(e.at, now) }) as TimedAttack);
    this.schedule(timed, now, true);
    this.advance(now);
  }

  pendingEvents(): number {
    return this.pending.length;
  }

  /** A fresh key for an account, with generated credentials in the exchange's format. */
  createKey(account: string, spec: Pick<KeySpec, 'permissions' | 'ips'> & { name?: string }, now: number): SimKey {
    const exchange = this.state.account(account).exchange;
    const key = makeKey(this.keyPrng, exchange, account, {
      name: spec.name ?? `key-${this.state.keys.length + 1}`, permissions: spec.permissions, ips: spec.ips, created: '0ms', revocable: true, leaked: false,
    }, now);
    this.state.addKey(key);
    return key;
  }

  groundTruth(): GroundTruth {
    const leakedKeys = this.state.keys.filter((k) => k.leaked).map((k) => ({ exchange: k.exchange, account: k.account, name: k.name, fingerprint: keyFingerprint(k.apiKey) }));
    const times = [...this.records.orders.map((o) => o.time), ...this.records.withdrawals.map((w) => w.time)];
    const exchangeOf = (account: string): ExchangeId => this.state.account(account).exchange;
    return {
      scenario: this.state.scenario.name,
      leakedKeys,
      attacker: {
        trades: this.records.trades.map((t) => ({ exchange: t.exchange, account: t.account, symbol: t.symbol, id: t.id })),
        orders: this.records.orders.map((o) => ({ exchange: o.exchange, account: o.account, symbol: o.symbol, id: o.id })),
        withdrawals: this.records.withdrawals.map((w) => ({ exchange: w.exchange, account: w.account, coin: w.coin, id: w.id })),
        prevented: this.records.prevented.map((p) => ({ exchange: exchangeOf(p.account), ...p })),
      },
      attackStartedAt: times.length > 0 ? Math.min(...times) : null,
    };
  }
}

export function makeKey(prng: Prng, exchange: ExchangeId, account: string, spec: Omit<KeySpec, 'apiKey' | 'secret'> & Partial<Pick<KeySpec, 'apiKey' | 'secret'>>, anchor: number): SimKey {
  // Binance keys and secrets are 64 characters; Bybit keys 18 and secrets 36.
  const apiKey = spec.apiKey ?? prng.alnum(exchange === 'binance' ? 64 : 18);
  const secret = spec.secret ?? prng.alnum(exchange === 'binance' ? 64 : 36);
  return {
    id: String(prng.int(10_000_000, 99_999_999)), name: spec.name, exchange, account, apiKey, secret,
    permissions: new Set(spec.permissions), ips: [...spec.ips], createdAt: anchor + (parseDuration(spec.created) ?? 0),
    revocable: spec.revocable, leaked: spec.leaked,
  };
}

/**
 * The scenario's "now": the given time floored to the minute. History lies in [now - historyDays, now],
 * always in the past of the real clock, so ccxt's `since` filters keep it.
 */
export function anchorFor(time: number): number {
  return Math.floor(time / 60_000) * 60_000;
}

export function buildWorld(scenario: Scenario, anchor: number): SimWorld {
  const prng = createPrng(scenario.seed);
  const ids = {
    binance: createIdAllocator('binance', prng.fork('ids/binance')), bybit: createIdAllocator('bybit', prng.fork('ids/bybit')),
    usdm: createUsdmIdAllocator(prng.fork('ids/binance-usdm')),
  };
  const state = new SimState(scenario, anchor, ids);
  for (const market of buildMarkets(scenario, prng.fork('markets'))) state.markets.set(market.symbol, market);

  const accountPrng = prng.fork('accounts');
  const keyPrng = prng.fork('keys');
  for (const spec of scenario.accounts) {
    const uid = spec.uid ?? accountPrng.int(spec.exchange === 'binance' ? 100_000_000 : 10_000_000, spec.exchange === 'binance' ? 999_999_999 : 99_999_999);
    state.accounts.set(spec.name, {
      name: spec.name, exchange: spec.exchange, uid, email: spec.email ?? `${spec.name}@example.com`,
      balances: new Map(Object.entries(spec.balances)), futuresBalances: new Map(Object.entries(spec.futuresBalances)), createdAt: anchor - 400 * 86_400_000,
    });
    for (const key of spec.keys) state.addKey(makeKey(keyPrng.fork(`${spec.name}/${key.name}`), spec.exchange, spec.name, key, anchor));
    for (const sub of spec.subAccounts) {
      state.accounts.set(sub.name, {
        name: sub.name, exchange: spec.exchange, parent: spec.name, uid: sub.uid ?? accountPrng.int(uid + 1, uid + 50_000_000),
        email: sub.email ?? `${(spec.email ?? `${spec.name}@example.com`).split('@')[0]}+${sub.name}@example.com`,
        balances: new Map(Object.entries(sub.balances)), futuresBalances: new Map(Object.entries(sub.futuresBalances)), createdAt: anchor - 200 * 86_400_000,
      });
      for (const key of sub.keys) state.addKey(makeKey(keyPrng.fork(`${sub.name}/${key.name}`), spec.exchange, sub.name, key, anchor));
    }
  }

  generateBaseline(state, scenario, prng.fork('baseline'));
  const world = new SimWorld(state, prng);
  const timed = scenario.attacks.map((a) => ({ ...a, time: resolveAttackTime(a.at, anchor) }) as TimedAttack);
  world.schedule(timed.filter((a) => a.time <= anchor), anchor, false);
  state.finalize();
  world.schedule(timed.filter((a) => a.time > anchor), anchor, true);
  return world;
}
