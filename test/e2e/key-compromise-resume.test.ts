// A key-compromise incident killed (SIGKILL) in the middle, then `kit resume`: it completes, every
// write reached the exchange once (the simulator's request log), and the journal verifies.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, startSimulator } from '../../src/sim/index.js';

const KIT = path.resolve('bin/kit.js');

function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [KIT, ...args], { env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('close', (status, signal) => resolve({ status, signal, out })));
  return { child, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kit resume after a kill in the middle of key-compromise', () => {
  it('completes, with every write sent once and the journal intact', async () => {
    const sim = await startSimulator({ scenario: await loadScenario('compromise'), adminHttp: true });
    try {
      const home = mkdtempSync(path.join(os.tmpdir(), 'kit-kill-'));
      const creds = sim.admin.credentials();
      const leaked = creds.find((c) => c.name === 'grid-bot');
      const reader = creds.find((c) => c.name === 'read-only');
      const envFile = path.join(home, '.env');
      writeFileSync(envFile, [
        `BINANCE_MAIN_API_KEY=${leaked?.apiKey}`, `BINANCE_MAIN_SECRET=${leaked?.secret}`, `BINANCE_MAIN_BASE_URL=${sim.baseUrl}`,
        `BINANCE_MAIN_READONLY_API_KEY=${reader?.apiKey}`, `BINANCE_MAIN_READONLY_SECRET=${reader?.secret}`, `BINANCE_MAIN_READONLY_BASE_URL=${sim.baseUrl}`,
      ].join('\n') + '\n', { mode: 0o600 });
      const env = { KIT_ENV_FILE: envFile, KIT_HOME: path.join(home, 'kit') };
      const symbolsWithOrders = new Set(sim.state.openOrders('main').map((o) => o.symbol)).size;
      expect(symbolsWithOrders).toBeGreaterThan(0);
      const args = ['--yes', '--sim-operator', sim.adminUrl as string];
      const first = start(['run', 'key-compromise', '--input', 'accounts=binance/main', ...args], env);

      // Kill it once containment is done and the evidence sweep is under way.
      const incidents = path.join(env.KIT_HOME, 'incidents');
      let journal = '';
      for (let i = 0; i < 600; i++) {
        const id = existsSync(incidents) ? readdirSync(incidents)[0] : undefined;
        journal = id ? path.join(incidents, id, 'journal.jsonl') : '';
        if (journal && existsSync(journal) && /"type":"step.started".*"stepId":"sweep\[/.test(readFileSync(journal, 'utf8'))) break;
        await sleep(20);
      }
      expect(journal).not.toBe('');
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const id = path.basename(path.dirname(journal));
      expect(readFileSync(journal, 'utf8')).not.toMatch(/"type":"run.finished"/);

      const resumed = await start(['resume', id, ...args], env).done;
      expect(resumed.out).not.toMatch(/internal error/);
      expect(resumed.status).toBe(0);
      const verified = await start(['journal', 'verify', id], env).done;
      expect(verified.status).toBe(0);

      // Every write reached the exchange once: one cancel per symbol that had open orders, no key
      // deleted twice (the Binance key goes on the web page, once), and nothing open any more.
      const mutating = sim.admin.requestLog().filter((r) => r.mutating);
      const cancels = mutating.filter((r) => r.method === 'DELETE' && r.path === '/api/v3/openOrders');
      expect(cancels).toHaveLength(symbolsWithOrders);
      expect(sim.state.openOrders('main')).toEqual([]);
      const leakedView = sim.state.keys().find((k) => k.name === 'grid-bot');
      expect(leakedView?.deletedAt).not.toBeNull();
      const finished = readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"type":"step.succeeded"') && l.includes('"stepId":"cancel-orders[binance/main]"'));
      expect(finished).toHaveLength(1);
    } finally {
      await sim.close();
    }
  }, 180_000);
});
