// The simulator playing the operator in a drill's manual steps: it deletes a key as the
// exchange's web page would, creates the replacement and hands it over, and ticks checklists.
// When the scenario says there is no operator, every manual step is left undone, as it would
// be at 3 a.m. with nobody at the keyboard.
import type { OperatorStandIn } from '../actions/types.js';
import { keyFingerprint, type SimHandle } from '../sim/index.js';
import { registerSecret } from '../secrets/redact.js';

export interface OperatorLogEntry {
  kind: string;
  done: boolean;
  note: string;
}

export function simOperator(sim: SimHandle, options: { present: boolean; log: OperatorLogEntry[] }): OperatorStandIn {
  return {
    async perform(kind, details) {
      if (!options.present) {
        options.log.push({ kind, done: false, note: 'no operator in this drill' });
        return undefined;
      }
      switch (kind) {
        case 'delete-key': {
          const fingerprint = String(details.keyFingerprint ?? '');
          const key = sim.admin.credentials().find((c) => keyFingerprint(c.apiKey) === fingerprint);
          const done = key ? sim.admin.deleteKey(key.apiKey) : false;
          options.log.push({ kind, done, note: done ? `deleted key ${fingerprint} on the exchange page` : `no live key ${fingerprint}` });
          return done ? { deleted: true } : undefined;
        }
        case 'create-key': {
          const exchange = String(details.exchange ?? '');
          const account = String(details.account ?? '');
          const wanted = Array.isArray(details.permissions) ? details.permissions.map(String) : ['read', 'trade'];
          // A safe key: never withdrawals, whatever was asked.
          const permissions = wanted.filter((p): p is 'read' | 'trade' => p === 'read' || p === 'trade');
          const ips = typeof details.ip === 'string' && details.ip ? details.ip.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(details.ips) ? details.ips.map(String) : ['127.0.0.1'];
          const created = sim.admin.createKey({ exchange: exchange as 'binance' | 'bybit', account, permissions: permissions.length ? permissions : ['read', 'trade'], ips, name: 'reissued' });
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
