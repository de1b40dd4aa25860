// The simulator for bench/sweep, in its own process (as a real exchange would be: its CPU is not
// the sweeping client's). Talks to the parent over IPC: ready -> {baseUrl, key, anchor}, then
// answers `counters` and stops on `stop`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startSimulator, loadScenario, parseScenario, shippedScenarioNames } = await import(path.join(root, 'dist', 'sim', 'index.js'));
const { scenarioText, timeScale, latencyMs, futures } = JSON.parse(process.argv[2]);
const base = shippedScenarioNames().includes('large') ? await loadScenario('large') : parseScenario(scenarioText, '<bench large>');
const loaded = futures ? withFutures(base, futures) : base;

/**
 * The same account also trading USDⓈ-M perpetuals: the first `perpetuals` markets get one, the
 * key may trade futures, and `trades` futures fills spread over them.
 */
function withFutures(scenario, { perpetuals, trades }) {
  const account = scenario.accounts.find((a) => a.exchange === 'binance');
  return {
    ...scenario,
    name: `${scenario.name}+futures`,
    generatedMarkets: { ...scenario.generatedMarkets, futures: perpetuals },
    accounts: scenario.accounts.map((a) => (a !== account ? a : { ...a, keys: a.keys.map((k, i) => (i === 0 ? { ...k, permissions: [...k.permissions, 'futures'] } : k)) })),
    baseline: { ...scenario.baseline, bulk: [...scenario.baseline.bulk, { account: account.name, trades, symbols: 'all', clientOrderIdPrefix: 'fund-', venue: 'usdm' }] },
  };
}
// An optional network latency (BENCH_LATENCY_MS), in simulated time like the limit.
const scenario = latencyMs > 0 ? { ...loaded, latency: { fixed: `${latencyMs}ms`, jitter: `${Math.round(latencyMs / 2)}ms` } } : loaded;
const sim = await startSimulator({ scenario, timeScale });
const key = sim.admin.credentials().find((c) => c.exchange === 'binance');
process.send({ type: 'ready', baseUrl: sim.baseUrl, key: { account: key.account, apiKey: key.apiKey, secret: key.secret }, anchor: sim.state.anchor, historyDays: scenario.historyDays, name: scenario.name, source: scenario.source });
process.on('message', async (message) => {
  if (message.type === 'counters') process.send({ type: 'counters', counters: sim.admin.counters() });
  if (message.type === 'stop') {
    await sim.close();
    process.exit(0);
  }
});
