import { afterEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildReport } from '../../src/report/build-report.js';
import { LIMITS } from '../../src/report/activity-summary.js';
import { reportSchema } from '../../src/report/schema.js';
import { editJournal, makeIncident, type Fixture } from './fixture.js';
import { recordHash } from '../../src/engine/journal-hash.js';

const fixtures: Fixture[] = [];
async function incident(options: Parameters<typeof makeIncident>[0] = {}): Promise<Fixture> {
  const f = await makeIncident(options);
  fixtures.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

/** Journal time of the first record matching `match`. */
async function timeOf(dir: string, match: (r: Record<string, any>) => boolean): Promise<string> {
  const lines = (await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  return lines.find(match).time;
}

describe('report model from a recorded live incident', () => {
  it('validates against the exported schema and carries the verdict, findings and evidence', async () => {
    const f = await incident();
    const report = await buildReport(f.dir);
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(report.dryRun).toBe(false);
    expect(report.verdict).toMatchObject({ level: 'compromise-suspected', compromised: true });
    expect(report.findings.map((x) => x.rule)).toContain('withdrawal-new-address');
    expect(report.findings.every((x) => x.sentence.length > 10)).toBe(true);
    expect(report.trades.flagged.total).toBe(40);
    expect(report.evidence.chain.ok).toBe(true);
    expect(report.evidence.files.map((x) => x.status)).toEqual(['match', 'match', 'match']);
    expect(report.incident.inputs.apiKey).toBe('[REDACTED]');
  });

  it('measures detect, contain and recover from run.started, and the exposure from window.since', async () => {
    const f = await incident();
    const report = await buildReport(f.dir);
    const started = Date.parse(report.incident.startedAt as string);
    const cancelled = Date.parse(await timeOf(f.dir, (r) => r.type === 'step.succeeded' && r.data.uses === 'exchange.cancel-all-orders'));
    const dead = Date.parse(await timeOf(f.dir, (r) => r.type === 'step.succeeded' && r.data.uses === 'key.verify-revoked'));
    const flagged = Date.parse(await timeOf(f.dir, (r) => r.type === 'step.succeeded' && r.data.uses === 'activity.flag'));
    const reissued = Date.parse(await timeOf(f.dir, (r) => r.type === 'step.succeeded' && r.data.uses === 'key.reissue'));
    expect(report.metrics.contain).toMatchObject({ reached: true, ms: Math.max(cancelled, dead) - started, from: 'run.started' });
    expect(report.metrics.detect).toMatchObject({ reached: true, ms: flagged - started });
    expect(report.metrics.recover).toMatchObject({ reached: true, ms: reissued - started });
    const since = Date.parse(report.accounts[0].window?.since as string);
    expect(report.metrics.exposure).toMatchObject({ reached: true, ms: Math.max(cancelled, dead) - since, from: 'window.since' });
  });

  it('does not count containment when the key was not verified dead', async () => {
    const f = await incident();
    await editJournal(f.dir, (records) => {
      for (const r of records) if (r.type === 'step.succeeded' && r.data.uses === 'key.verify-revoked') r.data.outputs.dead = false;
      return records;
    });
    const report = await buildReport(f.dir);
    expect(report.metrics.contain.reached).toBe(false);
    expect(report.metrics.contain.reason).toMatch(/not verified dead/);
    expect(report.todo.find((t) => t.text.startsWith('Delete the leaked key'))?.done).toBe(false);
    // The edit broke the chain, and the report says so.
    expect(report.evidence.chain.ok).toBe(false);
  });

  it('shows the notify step that failed with continue-on-error as failed, and the run as succeeded', async () => {
    const f = await incident();
    const report = await buildReport(f.dir);
    const notify = report.steps.find((s) => s.id === 'notify-slack');
    expect(notify).toMatchObject({ status: 'failed', continueOnError: true });
    expect(notify?.result).toMatch(/run continued \(continue-on-error\)/);
    expect(report.incident.status).toBe('succeeded');
    expect(report.steps.find((s) => s.id === 'cancel-orders')).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});

describe('report model from a dry run', () => {
  it('is marked as a dry run and reports containment and recovery as not reached, with the reason', async () => {
    const f = await incident({ dryRun: true });
    const report = await buildReport(f.dir);
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(report.dryRun).toBe(true);
    expect(report.summary).toMatch(/^DRY RUN/);
    expect(report.metrics.contain.reached).toBe(false);
    expect(report.metrics.contain.reason).toMatch(/dry run: exchange.cancel-all-orders was planned, not executed/);
    expect(report.metrics.recover.reason).toMatch(/dry run: key.reissue was planned/);
    expect(report.metrics.detect.reached).toBe(true);
    expect(report.steps.filter((s) => s.planned).map((s) => s.id)).toEqual(['cancel-orders', 'revoke-key', 'reissue', 'notify-slack']);
    expect(report.todo[0].text).toMatch(/without --dry-run/);
  });
});

describe('evidence checks', () => {
  it('flags a changed file, a missing file and a path that leaves the incident folder', async () => {
    const f = await incident();
    await fs.appendFile(path.join(f.dir, 'evidence/binance-main/findings.json'), ' ');
    await fs.rm(path.join(f.dir, 'evidence/binance-main/open-orders-before-cancel.json'));
    await editJournal(f.dir, (records) => {
      const last = records[records.length - 1];
      const extra = { seq: last.seq + 1, time: last.time, type: 'evidence.written', mode: 'live', data: { path: '../../../etc/passwd', sha256: 'x', bytes: 1 }, prev: last.hash };
      return [...records, { ...extra, hash: recordHash(extra as never) }];
    });
    const report = await buildReport(f.dir);
    const status = Object.fromEntries(report.evidence.files.map((x) => [x.path, x.status]));
    expect(status).toEqual({
      'evidence/binance-main/open-orders-before-cancel.json': 'missing',
      'evidence/binance-main/bundle.json': 'match',
      'evidence/binance-main/findings.json': 'modified',
      '../../../etc/passwd': 'unsafe',
    });
    expect(report.evidence.allMatch).toBe(false);
    expect(report.evidence.chain.ok).toBe(true);
  });
});

describe('a damaged journal', () => {
  it('still renders: records missing what the report needs are left out with a note, and the chain says it was edited', async () => {
    const f = await incident();
    await editJournal(f.dir, (records) => {
      const failed = records.find((r) => r.type === 'step.failed') as Record<string, any>;
      delete failed.data.error;
      const finished = records.find((r) => r.type === 'run.finished') as Record<string, any>;
      finished.data.failedSteps = 'all of them';
      return records;
    });
    const report = await buildReport(f.dir);
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(report.evidence.chain.ok).toBe(false);
    expect(report.notes.filter((n) => /lacks fields the report needs/.test(n))).toHaveLength(2);
    expect(report.incident.status).toBe('in-progress');
  });
});

describe('a damaged bundle', () => {
  it('leaves out records without a usable time, symbol, price or amount, and says how many', async () => {
    const f = await incident();
    const file = path.join(f.dir, 'evidence/binance-main/bundle.json');
    const bundle = JSON.parse(await fs.readFile(file, 'utf8'));
    bundle.trades.push({ id: 'x1', symbol: 42, timestamp: 'soon', price: 1, amount: 1, side: 'buy' }, null);
    bundle.withdrawals.push({ id: 'w9', currency: 'BTC', amount: 'lots', timestamp: 1 });
    await fs.writeFile(file, JSON.stringify(bundle));
    const report = await buildReport(f.dir);
    expect(report.trades.total).toBe(400);
    expect(report.notes).toContain('evidence/binance-main/bundle.json: 2 trade(s) and 1 transfer(s) lack a time, symbol, price or amount and were left out.');
    expect(report.evidence.files.find((x) => x.path.endsWith('bundle.json'))?.status).toBe('modified');
  });
});

describe('finding the activity through the journal', () => {
  it('falls back to evidence files named bundle.json and findings.json when no step output names them', async () => {
    const f = await incident();
    await editJournal(f.dir, (records) => {
      for (const r of records) {
        if (r.type !== 'step.succeeded') continue;
        delete r.data.outputs.bundlePath;
        delete r.data.outputs.findingsPath;
      }
      return records;
    });
    const report = await buildReport(f.dir);
    expect(report.accounts[0]).toMatchObject({ bundlePath: 'evidence/binance-main/bundle.json', findingsPath: 'evidence/binance-main/findings.json' });
    expect(report.trades.total).toBe(400);
  });

  it('reports every account of a multi-account incident', async () => {
    const f = await incident();
    const bundle = JSON.parse(await fs.readFile(path.join(f.dir, 'evidence/binance-main/bundle.json'), 'utf8'));
    const findings = JSON.parse(await fs.readFile(path.join(f.dir, 'evidence/binance-main/findings.json'), 'utf8'));
    await fs.mkdir(path.join(f.dir, 'evidence/bybit-sub1'), { recursive: true });
    await fs.writeFile(path.join(f.dir, 'evidence/bybit-sub1/bundle.json'), JSON.stringify({ ...bundle, exchange: 'bybit', account: 'sub1', trades: bundle.trades.slice(0, 10) }));
    await fs.writeFile(path.join(f.dir, 'evidence/bybit-sub1/findings.json'), JSON.stringify({ ...findings, exchange: 'bybit', account: 'sub1', findings: [], verdict: { compromised: false, level: 'clean', signals: [], summary: 'Nothing unusual.' } }));
    await editJournal(f.dir, (records) => {
      const out = [...records];
      const flag = out.find((r) => r.type === 'step.succeeded' && r.data.uses === 'activity.flag') as Record<string, any>;
      out.splice(out.indexOf(flag) + 1, 0, { ...flag, data: { ...flag.data, stepId: 'flag-sub1', outputs: { findingsPath: 'evidence/bybit-sub1/findings.json', compromised: false } } });
      const fetch = out.find((r) => r.type === 'step.succeeded' && r.data.uses === 'exchange.fetch-activity') as Record<string, any>;
      out.splice(out.indexOf(fetch) + 1, 0, { ...fetch, data: { ...fetch.data, stepId: 'fetch-sub1', outputs: { bundlePath: 'evidence/bybit-sub1/bundle.json' } } });
      return out;
    });
    const report = await buildReport(f.dir);
    expect(report.accounts.map((a) => `${a.exchange}/${a.account}`).sort()).toEqual(['binance/main', 'bybit/sub1']);
    expect(report.trades.total).toBe(410);
    expect(report.verdict.level).toBe('compromise-suspected');
    expect(report.verdict.summary).toMatch(/bybit\/sub1: Nothing unusual/);
  });
});

describe('large incidents', () => {
  it('keeps the flagged, top and aggregate rows within their limits and says how many there are', async () => {
    const f = await incident({ trades: 5000, attackTrades: 800 });
    const report = await buildReport(f.dir);
    expect(report.trades.total).toBe(5000);
    expect(report.trades.flagged).toMatchObject({ total: 800, shown: LIMITS.flaggedTrades });
    expect(report.trades.flagged.rows).toHaveLength(LIMITS.flaggedTrades);
    expect(report.trades.top.rows).toHaveLength(LIMITS.topTrades);
    expect(report.trades.aggregates.rows.length).toBeLessThanOrEqual(LIMITS.aggregates);
    expect(report.trades.aggregates.total).toBeGreaterThan(LIMITS.aggregates);
    // Flagged groups come first, and the largest trade is the first top row.
    expect(report.trades.aggregates.rows[0].flagged).toBeGreaterThan(0);
    const costs = report.trades.top.rows.map((r) => r.cost as number);
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    expect(report.activityTimeline.rows.length).toBeLessThanOrEqual(LIMITS.timelineBuckets);
  });
});
