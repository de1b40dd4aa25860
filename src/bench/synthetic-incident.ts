// Writes a complete incident folder (journal.jsonl with a real hash chain, evidence files with
// their SHA-256 in the journal) as the engine would after running the key-compromise runbook
// against one account. Tests use it as the recorded-incident fixture until one recorded against
// the simulator replaces it; bench/report uses it to make a 100,000-trade incident.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JournalData } from '../engine/journal-types.js';
import { createHash } from 'node:crypto';
import { JournalBuilder } from './journal-writer.js';
import { syntheticActivity } from './synthetic-activity.js';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export const HOSTILE_CLIENT_ORDER_ID = '<img src=x onerror=alert(1)>';

export interface SyntheticIncidentOptions {
  kitHome: string;
  incidentId?: string;
  trades?: number;
  attackTrades?: number;
  dryRun?: boolean;
  hostileClientOrderId?: string;
}

export interface SyntheticIncident {
  incidentId: string;
  dir: string;
  runStartedAt: number;
  evidence: string[];
}

export async function writeSyntheticIncident(options: SyntheticIncidentOptions): Promise<SyntheticIncident> {
  const dryRun = options.dryRun ?? false;
  const exchange = 'binance';
  const account = 'main';
  const t0 = Date.UTC(2025, 2, 7, 15, 4, 11, 250);
  // The engine's id form: <UTC start>Z-<runbook>-<4 hex>.
  const incidentId = options.incidentId ?? `20250307T1504Z-key-compromise-${dryRun ? 'd0d0' : 'a1b2'}`;
  const dir = path.join(options.kitHome, 'incidents', incidentId);
  await fs.mkdir(path.join(dir, 'evidence'), { recursive: true, mode: 0o700 });
  const activity = syntheticActivity({
    exchange, account, runStartedAt: t0, trades: options.trades ?? 400, attackTrades: options.attackTrades ?? 40,
    hostileClientOrderId: options.hostileClientOrderId ?? HOSTILE_CLIENT_ORDER_ID,
  });

  const journal = new JournalBuilder(dryRun ? 'dry-run' : 'live');
  const evidence: string[] = [];
  let now = t0;
  const at = (ms: number): number => (now += ms);
  const writeEvidence = async (stepId: string, name: string, value: unknown): Promise<string> => {
    const rel = `evidence/${exchange}-${account}/${name}`;
    const text = JSON.stringify(value);
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(dir, rel), text, { mode: 0o600 });
    journal.append('evidence.written', at(30), { stepId, path: rel, sha256: sha256Hex(text), bytes: Buffer.byteLength(text) });
    evidence.push(rel);
    return rel;
  };
  const step = (stepId: string, uses: string, effect: string, input: Record<string, unknown>, title?: string): void => {
    journal.append('step.started', at(120), { stepId, title, uses, effect, attempt: 1, input });
  };
  const succeed = (stepId: string, uses: string, effect: string, outputs: Record<string, unknown>, durationMs: number): void => {
    journal.append('step.succeeded', at(durationMs), { stepId, uses, effect, outputs, durationMs });
  };
  /** A write or notify step: done for real in a live run, planned in a dry run. */
  const act = (stepId: string, uses: string, effect: string, summary: string, outputs: Record<string, unknown>, durationMs: number): void => {
    if (dryRun) journal.append('step.planned', at(40), { stepId, uses, effect, summary: `would ${summary}`, outputs });
    else succeed(stepId, uses, effect, outputs, durationMs);
  };
  const target = { exchange, account };

  const started: JournalData['run.started'] = {
    incidentId, runbook: 'key-compromise', runbookTitle: 'Compromised exchange API key', runbookSha256: sha256Hex('key-compromise runbook v1'),
    inputs: { exchange, account, since: '72h', apiKey: '[REDACTED]' }, dryRun, user: 'ops', host: 'trading-vm', kitVersion: '0.1.0',
  };
  journal.append('run.started', now, started);

  step('cancel-orders', 'exchange.cancel-all-orders', 'write', target, 'Cancel every open order');
  if (!dryRun) {
    journal.append('step.failed', at(900), {
      stepId: 'cancel-orders', uses: 'exchange.cancel-all-orders', effect: 'write', attempt: 1,
      error: { name: 'RateLimitExceeded', message: 'binance 429 Too Many Requests (weight 1200/1200)', retryable: true }, willRetry: true, continueOnError: false, durationMs: 900,
    });
    journal.append('step.started', at(2000), { stepId: 'cancel-orders', uses: 'exchange.cancel-all-orders', effect: 'write', attempt: 2, input: target });
  }
  await writeEvidence('cancel-orders', 'open-orders-before-cancel.json', activity.openOrders);
  act('cancel-orders', 'exchange.cancel-all-orders', 'write', `cancel ${activity.openOrders.length} open orders on ${exchange}/${account}`,
    { cancelled: activity.openOrders.length, orderIds: activity.openOrders.map((o) => o.id) }, 1400);

  step('revoke-key', 'key.revoke', 'write', target, 'Delete the leaked key');
  act('revoke-key', 'key.revoke', 'write', `delete API key vmPU…WQ3x on ${exchange}/${account}`, { method: 'api-delete', keyHint: 'vmPU…WQ3x' }, 800);

  step('verify-dead', 'key.verify-revoked', 'read', target, 'Prove the old key is dead');
  succeed('verify-dead', 'key.verify-revoked', 'read', dryRun ? { dead: false, errorCode: null, note: 'dry run: the key was not deleted, so it still answers' } : { dead: true, errorCode: -2015, note: 'Invalid API-key, IP, or permissions for action.' }, 650);

  step('snapshot-activity', 'exchange.fetch-activity', 'read', { ...target, since: '72h' }, 'Preserve 72h of activity');
  const bundlePath = await writeEvidence('snapshot-activity', 'bundle.json', activity.bundle);
  succeed('snapshot-activity', 'exchange.fetch-activity', 'read', { bundlePath, trades: activity.bundle.trades.length, orders: activity.bundle.orders.length, withdrawals: 1 }, 38_000);

  step('flag', 'activity.flag', 'local', { bundle: bundlePath }, 'Flag unauthorized activity');
  const findingsPath = await writeEvidence('flag', 'findings.json', activity.findings);
  succeed('flag', 'activity.flag', 'local', { findingsPath, compromised: true, level: 'compromise-suspected', flaggedTrades: activity.findings.counts.flaggedTrades }, 900);

  step('reissue', 'key.reissue', 'write', { ...target, permissions: ['spot'], ipRestrict: true }, 'Create a new restricted key');
  journal.append('approval.requested', at(50), { stepId: 'reissue', reason: 'creates a new API key' });
  journal.append('approval.granted', at(21_000), { stepId: 'reissue', user: 'ops', via: 'prompt' });
  act('reissue', 'key.reissue', 'write', `create a new spot-only API key restricted to 203.0.113.7 on ${exchange}/${account}`,
    { keyHint: 'Qk7d…9fLm', permissions: ['spot'], ipRestricted: true, storedIn: 'encrypted-config' }, 2100);

  step('notify-slack', 'notify.webhook', 'notify', { format: 'slack', url: '[REDACTED]' }, 'Tell the team');
  if (dryRun) {
    journal.append('step.planned', at(30), { stepId: 'notify-slack', uses: 'notify.webhook', effect: 'notify', summary: 'would post a slack message; rendered to notifications/notify-slack.json', outputs: { sent: false, renderedPath: 'notifications/notify-slack.json' } });
  } else {
    journal.append('step.failed', at(1200), {
      stepId: 'notify-slack', uses: 'notify.webhook', effect: 'notify', attempt: 1,
      error: { name: 'ActionError', message: 'slack webhook https://hooks.slack.com/services/[REDACTED] refused the message: HTTP 404 (no_service)', retryable: false, hint: 'Check the webhook URL.' },
      willRetry: false, continueOnError: true, durationMs: 1200,
    });
  }
  const runFailed = false;
  journal.append('run.finished', at(500), { status: runFailed ? 'failed' : 'succeeded', failedSteps: [], durationMs: now - t0 });
  await fs.writeFile(path.join(dir, 'journal.jsonl'), journal.text(), { mode: 0o600 });
  return { incidentId, dir, runStartedAt: t0, evidence };
}
