// The body of `kit sim`, loaded only when the command runs.
import type { CliContext } from '../context.js';
import { loadScenario, startSimulator } from '../../sim/index.js';

export async function runSimCommand(ctx: CliContext, options: { scenario: string; port: number; admin: boolean }): Promise<void> {
  const scenario = loadScenario(options.scenario);
  const sim = await startSimulator({ scenario, port: options.port, adminHttp: options.admin });
  const keys = sim.admin.credentials().map((c) => ({
    exchange: c.exchange, account: c.account, name: c.name, permissions: c.permissions, ips: c.ips, apiKey: c.apiKey, secret: c.secret,
  }));
  if (ctx.json) {
    ctx.out.json({ ok: true, scenario: scenario.name, baseUrl: sim.baseUrl, adminUrl: sim.adminUrl, simulatorOnlyCredentials: keys });
  } else {
    ctx.out.line(`kit sim: scenario "${scenario.name}" (seed ${scenario.seed}) on ${sim.baseUrl}`);
    ctx.out.line(`  Binance: replace scheme and host of every ccxt urls.api entry with ${sim.baseUrl} (keep the paths)`);
    ctx.out.line(`  Bybit:   set every ccxt urls.api entry to ${sim.baseUrl}`);
    if (sim.adminUrl) ctx.out.line(`  Admin:   ${sim.adminUrl} (log, counters, ground-truth, keys, open-orders, events)`);
    ctx.out.line('');
    ctx.out.line('Simulator-only credentials (fake keys that work on this simulator and nowhere else):');
    for (const k of keys) {
      ctx.out.line(`  ${k.exchange.padEnd(8)} ${`${k.account}/${k.name}`.padEnd(24)} [${k.permissions.join(',')}]${k.ips.length ? ` ips ${k.ips.join(',')}` : ''}`);
      ctx.out.line(`           apiKey ${k.apiKey}`);
      ctx.out.line(`           secret ${k.secret}`);
    }
    ctx.out.line('');
    ctx.out.line('Press Ctrl-C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
}
