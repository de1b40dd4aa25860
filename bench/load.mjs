// Load: 200 accounts in one incident (runbook contain-now: cancel every open order, revoke each
// leaked key through the exchange's API, prove each dead, every account at once) against the
// simulator on Bybit, whose request limit counts per IP: all 200 accounts share it, as they would
// from one machine. Prints wall time, peak memory, requests and rate-limit refusals (the run must
// stay within the exchange's limits: 0 refusals, 0 bans), beside a 1-account incident measured in
// the same run as the baseline (ratio: time per account at 200 against time for 1).
// Runs the built code (`npm run bench:load` builds first). Usage: node bench/load.mjs [accounts]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { parseScenario, startSimulator } = await import(dist('sim/index.js'));
const { runIncident } = await import(dist('engine/index.js'));
const { verifyJournal } = await import(dist('engine/journal-verify.js'));

const ACCOUNTS = Number(process.argv[2] ?? 200);
/** contain-now's steps that run once per account. */
const PER_ACCOUNT_STEPS = ['cancel-orders', 'revoke', 'verify-dead'];

function scenario(n) {
  const accounts = Array.from({ length: n }, (_, i) => `  - name: acct${i + 1}
    exchange: bybit
    uid: ${31000000 + i}
    balances: { BTC: 0.2, USDT: 3000 }
    keys:
      - { name: bot, permissions: [read, trade, withdraw, transfer], created: -100d, leaked: true }`).join('\n');
  const bots = Array.from({ length: n }, (_, i) => `    - { account: acct${i + 1}, clientOrderIdPrefix: grid-, symbols: [BTC/USDT], fillsPerDay: 1, openOrdersPerSymbol: 2, orderValue: 50 }`).join('\n');
  return parseScenario(`version: 1
name: load-bench
seed: 11
historyDays: 2
accounts:
${accounts}
markets:
  - { symbol: BTC/USDT, price: 97250 }
baseline:
  gridBots:
${bots}
`, `<load-bench-${n}>`);
}

/** Peak resident and heap memory while `work` runs, sampled every 20 ms. */
async function withPeakMemory(work) {
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

async function incident(n) {
  const sim = await startSimulator({ scenario: scenario(n) });
  const home = mkdtempSync(path.join(os.tmpdir(), 'kit-bench-load-'));
  const envFile = path.join(home, '.env');
  writeFileSync(envFile, sim.admin.credentials().map((c) => {
    const p = `BYBIT_${c.account.toUpperCase()}`;
    return `${p}_API_KEY=${c.apiKey}\n${p}_SECRET=${c.secret}\n${p}_BASE_URL=${sim.baseUrl}`;
  }).join('\n') + '\n', { mode: 0o600 });
  process.env.KIT_ENV_FILE = envFile;
  const accounts = sim.admin.credentials().map((c) => `bybit/${c.account}`);
  const openBefore = sim.state.openOrders().length;
  try {
    const started = performance.now();
    const { result, peak } = await withPeakMemory(() => runIncident({
      runbookFile: 'contain-now', inputs: { accounts, strategy: 'api-delete', 'verify-deadline': '1m' }, kitHome: home, yes: true, interactive: false, output: 'silent',
    }));
    const wallS = (performance.now() - started) / 1000;
    const journal = await verifyJournal(path.join(result.incidentDir, 'journal.jsonl'));
    const counters = sim.admin.counters();
    const alive = sim.state.keys().filter((k) => k.deletedAt === null).length;
    // Every account completed every step: one step.succeeded per account for each for-each step.
    const done = {};
    for (const step of PER_ACCOUNT_STEPS) {
      const ok = new Set(journal.records.filter((r) => r.type === 'step.succeeded' && r.data.instance?.step === step).map((r) => r.data.instance.key));
      done[step] = accounts.filter((a) => ok.has(a)).length;
    }
    return { n, status: result.status, wallS, peak, journalOk: journal.ok, records: journal.records.length, openBefore, openAfter: sim.state.openOrders().length, alive, counters, done };
  } finally {
    await sim.close();
    rmSync(home, { recursive: true, force: true });
  }
}

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(`load benchmark: ${ACCOUNTS} accounts in one incident (contain-now) against the simulator (Bybit, per-IP request limit shared by all accounts)`);
const one = await incident(1);
const many = await incident(ACCOUNTS);
console.log('');
console.log('| accounts | status | wall time | peak RSS | peak heap | requests | 429 / bans | journal records (verifies) | orders left | keys alive |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of [one, many]) {
  console.log(`| ${r.n} | ${r.status} | ${r.wallS.toFixed(2)} s | ${mb(r.peak.rss)} | ${mb(r.peak.heap)} | ${r.counters.requests} | ${r.counters.rateLimited} / ${r.counters.banned} | ${r.records} (${r.journalOk ? 'yes' : 'NO'}) | ${r.openAfter} of ${r.openBefore} | ${r.alive} |`);
}
console.log('');
console.log(`accounts that completed each step (journal, step.succeeded per account): ${PER_ACCOUNT_STEPS.map((s) => `${s} ${many.done[s]} of ${many.n}`).join(', ')}`);
console.log('peak RSS and heap are of this one process, which runs the simulator (200 accounts) as well as the incident');
const perAccount = many.wallS / many.n;
console.log('');
console.log(`time per account at ${many.n}: ${(perAccount * 1000).toFixed(0)} ms; ratio to the 1-account incident (${one.wallS.toFixed(2)} s): ${(perAccount / one.wallS).toFixed(3)}`);
const withinLimits = many.counters.rateLimited === 0 && many.counters.banned === 0;
console.log(`within the exchange's limits: ${withinLimits ? 'yes (no 429, no 418/ban)' : `NO (${many.counters.rateLimited} refusals, ${many.counters.banned} bans)`}`);
if (!withinLimits) process.exitCode = 1;
const incomplete = PER_ACCOUNT_STEPS.filter((s) => many.done[s] !== many.n);
if (many.status !== 'succeeded' || many.openAfter > 0 || many.alive > 0 || incomplete.length > 0 || !many.journalOk) {
  console.log(`NOT CONTAINED: status ${many.status}, ${many.openAfter} orders left, ${many.alive} keys alive, steps not done for every account: ${incomplete.join(', ') || 'none'}`);
  process.exitCode = 1;
}
