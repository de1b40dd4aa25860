// The simulator playing the operator in manual steps: it deletes a key as the exchange's web
// page would, creates the replacement and hands it over, and ticks checklists. In-process for
// `kit drill`; over the simulator's admin interface for `kit run --sim-operator` (a run against
// `kit sim --admin`). When the scenario says there is no operator, every manual step is left
// undone, as it would be at 3 a.m. with nobody at the keyboard.
import type { OperatorStandIn } from '../actions/types.js';
import { UsageError } from '../errors.js';
import { keyFingerprint, type SimHandle } from '../sim/index.js';
import { registerSecret } from '../secrets/redact.js';

export interface OperatorLogEntry {
  kind: string;
  done: boolean;
  note: string;
}

/** What the stand-in needs from the simulator: the exchange web page's two key buttons. */
export interface SimWebPage {
  deleteKey(fingerprint: string): Promise<boolean>;
  createKey(request: { exchange: string; account: string; permissions: Array<'read' | 'trade'>; ips: string[] }): Promise<{ apiKey: string; secret: string }>;
}

export function inProcessWebPage(sim: SimHandle): SimWebPage {
  return {
    async deleteKey(fingerprint) {
      const key = sim.admin.credentials().find((c) => keyFingerprint(c.apiKey) === fingerprint);
      return key ? sim.admin.deleteKey(key.apiKey) : false;
    },
    async createKey(r) {
      return sim.admin.createKey({ exchange: r.exchange as 'binance' | 'bybit', account: r.account, permissions: r.permissions, ips: r.ips, name: 'reissued' });
    },
  };
}

/** The admin interface of a running `kit sim --admin`; loopback only, so it can never be a real exchange. */
export function httpWebPage(adminUrl: string): SimWebPage {
  let url: URL;
  try {
    url = new URL(adminUrl);
  } catch {
    throw new UsageError(`--sim-operator: "${adminUrl}" is not a URL`, { hint: 'Give the admin URL `kit sim --admin` prints, e.g. http://127.0.0.1:41234/__kit-sim' });
  }
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new UsageError(`--sim-operator must point at the simulator on this machine (127.0.0.1), not ${url.hostname}`);
  }
  const base = adminUrl.replace(/\/+$/, '');
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`simulator admin ${path}: ${String(json.error ?? response.status)}`);
    return json;
  };
  return {
    deleteKey: async (fingerprint) => (await post('/keys/delete-by-fingerprint', { fingerprint })).deleted === true,
    createKey: async (r) => {
      const created = await post('/keys', { exchange: r.exchange, account: r.account, permissions: r.permissions, ips: r.ips, name: 'reissued' });
      return { apiKey: String(created.apiKey), secret: String(created.secret) };
    },
  };
}

export function simOperator(page: SimWebPage, options: { present: boolean; log: OperatorLogEntry[] }): OperatorStandIn {
  return {
    async perform(kind, details) {
      if (!options.present) {
        options.log.push({ kind, done: false, note: 'no operator in this drill' });
        return undefined;
      }
      switch (kind) {
        case 'delete-key': {
          const fingerprint = String(details.keyFingerprint ?? '');
          const done = await page.deleteKey(fingerprint);
          options.log.push({ kind, done, note: done ? `deleted key ${fingerprint} on the exchange page` : `no live key ${fingerprint}` });
          return done ? { deleted: true } : undefined;
        }
        case 'create-key': {
          const wanted = Array.isArray(details.permissions) ? details.permissions.map(String) : ['read', 'trade'];
          // A safe key: never withdrawals, whatever was asked.
          const permissions = wanted.filter((p): p is 'read' | 'trade' => p === 'read' || p === 'trade');
          const ips = typeof details.ip === 'string' && details.ip ? details.ip.split(',').map((s) => s.trim()).filter(Boolean) : ['127.0.0.1'];
          const created = await page.createKey({ exchange: String(details.exchange ?? ''), account: String(details.account ?? ''), permissions: permissions.length ? permissions : ['read', 'trade'], ips });
          registerSecret(created.apiKey);
          registerSecret(created.secret);
          options.log.push({ kind, done: true, note: `created key ${keyFingerprint(created.apiKey)} (${permissions.join(', ') || 'read, trade'}; IPs ${ips.join(', ')})` });
          return { apiKey: created.apiKey, secret: created.secret };
        }
        case 'manual.checklist': {
          const items = Array.isArray(details.items) ? details.items.map(String) : [];
          options.log.push({ kind, done: true, note: `ticked ${items.length} item(s)` });
          return { done: items };
        }
        default:
          options.log.push({ kind, done: true, note: 'confirmed' });
          return { confirmed: true };
      }
    },
  };
}
