// Benchmark: time from the start of an incident to "orders cancelled and key verified dead",
// against the simulator answering every request after 50 ms, for 1 account and for 20 accounts
// in one incident (runbook contain-now, accounts in parallel), beside a naive sequential script
// of the same ccxt calls measured in the same run.
// Targets: 1 account under 1.5 s; 20 accounts under 1.5x the 1-account time.
// Runs the built code (`npm run bench:contain` builds first). Usage: node bench/contain.mjs [latencyMs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { parseScenario, startSimulator, keyFingerprint } = await import(dist('sim/index.js'));
const { runIncident } = await import(dist('engine/index.js'));
const { inProcessWebPage, simOperator } = await import(dist('drill/operator.js'));
const { containmentTime } = await import(dist('drill/score.js'));
const { verifyJournal } = await import(dist('engine/journal-verify.js'));
const ccxt = (await import('ccxt')).default;

const LATENCY_MS = Number(process.argv[2] ?? 50);

function scenario(n) {
  const accounts = Array.from({ length: n }, (_, i) => `  - name: acct${i + 1}
    exchange: binance
    uid: ${500000 + i}
    email: owner${i + 1}@example.com
    balances: { BTC: 0.5, ETH: 4, USDT: 8000 }
    keys:
      - { name: bot, permissions: [read, trade], created: -100d, leaked: true }`).join('\n');
  const bots = Array.from({ length: n }, (_, i) => `    - { account: acct${i + 1}, clientOrderIdPrefix: grid-, symbols: [BTC/USDT, ETH/USDT], fillsPerDay: 2, openOrdersPerSymbol: 2, orderValue: 50 }`).join('\n');
  return parseScenario(`version: 1
name: contain-bench
seed: 7
historyDays: 3
accounts:
${accounts}
markets:
  - { symbol: BTC/USDT, price: 97250 }
  - { symbol: ETH/USDT, price: 3410 }
baseline:
  gridBots:
${bots}
latency: { fixed: ${LATENCY_MS}ms }
`, `<contain-bench-${n}>`);
}

function envFor(sim, file) {
  const lines = sim.admin.credentials().map((c) => {
    const p = `BINANCE_${c.account.toUpperCase()}`;
    return `${p}_API_KEY=${c.apiKey}\n${p}_SECRET=${c.secret}\n${p}_BASE_URL=${sim.baseUrl}`;
  });
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
}

async function kitContain(n) {
  const sim = await startSimulator({ scenario: scenario(n) });
  const home = mkdtempSync(path.join(os.tmpdir(), 'kit-bench-contain-'));
  const envFile = path.join(home, '.env');
  envFor(sim, envFile);
  process.env.KIT_ENV_FILE = envFile;
  const accounts = sim.admin.credentials().map((c) => `binance/${c.account}`);
  const openBefore = sim.state.openOrders().length;
  try {
    const started = performance.now();
    const result = await runIncident({
      runbookFile: 'contain-now', inputs: { accounts }, kitHome: home, yes: true, interactive: false, output: 'silent',
      operator: simOperator(inProcessWebPage(sim), { present: true, log: [] }), settings: { bench: true },
    });
    const wall = performance.now() - started;
    const journal = await verifyJournal(path.join(result.incidentDir, 'journal.jsonl'));
    const contained = containmentTime(journal.records, accounts);
    const live = sim.admin.credentials().length;
    const counters = sim.admin.counters();
    if (process.env.BENCH_DEBUG) console.error(n, JSON.stringify(counters));
    return { n, status: result.status, containS: contained.seconds, wallS: wall / 1000, detail: contained.detail, openBefore, openAfter: sim.state.openOrders().length, liveKeys: live, requests: sim.admin.counters().requests };
  } finally {
    await sim.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function ccxtFor(sim, cred, fresh = false) {
  const ex = new ccxt.binance({ apiKey: cred.apiKey, secret: cred.secret, enableRateLimit: true, options: { warnOnFetchOpenOrdersWithoutSymbol: false, fetchMarkets: { types: ['spot'] } } });
  for (const [k, v] of Object.entries(ex.urls.api)) if (typeof v === 'string') ex.urls.api[k] = v.replace(/^https?:\/\/[^/]+/, sim.baseUrl);
  void fresh;
  return ex;
}

/** The same calls a person would script by hand, one account after another. */
async function naiveContain(n) {
  const sim = await startSimulator({ scenario: scenario(n) });
  const page = inProcessWebPage(sim);
  try {
    const started = performance.now();
    for (const cred of sim.admin.credentials()) {
      const ex = ccxtFor(sim, cred);
      await ex.loadMarkets();
      const open = await ex.fetchOpenOrders();
      for (const symbol of new Set(open.map((o) => o.symbol))) await ex.cancelAllOrders(symbol);
      await page.deleteKey(keyFingerprint(cred.apiKey));
      const probe = ccxtFor(sim, cred, true);
      try {
        await probe.fetchBalance();
        throw new Error('the key still works');
      } catch (error) {
        if (!(error instanceof ccxt.AuthenticationError) && !(error instanceof ccxt.ExchangeError)) throw error;
      }
    }
    return { n, containS: (performance.now() - started) / 1000, openAfter: sim.state.openOrders().length };
  } finally {
    await sim.close();
  }
}

const f = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)} s`);
console.log(`contain benchmark: simulator latency ${LATENCY_MS} ms per request`);
const one = await kitContain(1);
const twenty = await kitContain(20);
const naiveOne = await naiveContain(1);
const naiveTwenty = await naiveContain(20);
console.log('');
console.log('| accounts | kit: contained after | kit run total | naive sequential script | kit vs naive | orders left | keys alive |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [k, nv] of [[one, naiveOne], [twenty, naiveTwenty]]) {
  console.log(`| ${k.n} | ${f(k.containS)} | ${f(k.wallS)} | ${f(nv.containS)} | ${k.containS ? (nv.containS / k.containS).toFixed(1) + 'x faster' : 'n/a'} | ${k.openAfter} of ${k.openBefore} | ${k.liveKeys} |`);
}
const ratio = twenty.containS && one.containS ? twenty.containS / one.containS : NaN;
console.log('');
console.log(`1 account:   ${f(one.containS)} (target < 1.50 s): ${one.containS !== null && one.containS < 1.5 ? 'met' : 'MISSED'}`);
console.log(`20 accounts: ${f(twenty.containS)} = ${ratio.toFixed(2)}x the 1-account time (target < 1.5x): ${ratio < 1.5 ? 'met' : 'MISSED'}`);
if (one.status !== 'succeeded' || twenty.status !== 'succeeded') console.log(`note: run status ${one.status} / ${twenty.status}: ${one.detail}; ${twenty.detail}`);
