// What a finished drill left behind, read back from the incident folder alone (the journal, the
// bundles, the findings, the notification and report files) plus the simulator's ground truth,
// turned into the observations the scorer takes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActivityBundle, AnalysisResult } from '../detect/types.js';
import type { JournalRecord } from '../engine/journal-types.js';
import { verifyJournal } from '../engine/journal-verify.js';
import type { SimHandle } from '../sim/index.js';
import type { DrillAccount } from './accounts.js';
import type { DrillObservations, RecordKind, RecordRef } from './score.js';

/** Exchange symbols and unified symbols compare equal once separators and settle suffixes go. */
export function normalizeSymbol(symbol: string): string {
  return symbol.split(':')[0].replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

function ref(exchange: string, account: string, kind: RecordKind, id: string, symbol?: string): RecordRef {
  // Binance trade and order ids are unique per symbol only, so trades and orders carry it.
  return { exchange, account, kind, id: kind === 'withdrawal' || !symbol ? id : `${normalizeSymbol(symbol)}:${id}` };
}

/** Every string value under `key` anywhere in the step outputs of the journal. */
function outputPaths(records: readonly JournalRecord[], key: string): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === 'string' && v !== '') found.add(v);
      else visit(v);
    }
  };
  for (const r of records) if (r.type === 'step.succeeded') visit((r.data as { outputs: unknown }).outputs);
  return [...found];
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function existing(dir: string, names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    try {
      await fs.access(path.join(dir, name));
      out.push(name);
    } catch {
      // not produced
    }
  }
  return out;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

export interface Observed {
  observations: DrillObservations;
  bundles: ActivityBundle[];
  findings: AnalysisResult[];
  records: JournalRecord[];
  journalProblems: string[];
}

export async function observeDrill(incidentDir: string, sim: SimHandle, accounts: readonly DrillAccount[]): Promise<Observed> {
  const verification = await verifyJournal(path.join(incidentDir, 'journal.jsonl'));
  const records = verification.records;

  const bundles: ActivityBundle[] = [];
  for (const rel of outputPaths(records, 'bundlePath')) {
    const b = await readJson<ActivityBundle>(path.join(incidentDir, rel));
    if (b) bundles.push(b);
  }
  const findings: AnalysisResult[] = [];
  for (const rel of outputPaths(records, 'findingsPath')) {
    const f = await readJson<AnalysisResult>(path.join(incidentDir, rel));
    if (f) findings.push(f);
  }

  const retrieved: RecordRef[] = [];
  for (const b of bundles) {
    for (const t of b.trades) retrieved.push(ref(b.exchange, b.account, 'trade', String(t.id), t.symbol));
    for (const o of b.orders) retrieved.push(ref(b.exchange, b.account, 'order', String(o.id), o.symbol));
    for (const w of b.withdrawals) retrieved.push(ref(b.exchange, b.account, 'withdrawal', String(w.id)));
  }

  // The detector's attacker-likely labels; its label keys are the record ids, and the bundle tells
  // which symbol each id belongs to.
  const flagged: RecordRef[] = [];
  for (const f of findings) {
    const bundle = bundles.find((b) => b.exchange === f.exchange && b.account === f.account);
    const tradeSymbol = new Map(bundle?.trades.map((t) => [String(t.id), t.symbol]) ?? []);
    for (const [id, label] of Object.entries(f.labels.trades)) if (label === 'attacker-likely') flagged.push(ref(f.exchange, f.account, 'trade', id, tradeSymbol.get(id)));
    for (const [id, label] of Object.entries(f.labels.withdrawals)) if (label === 'attacker-likely') flagged.push(ref(f.exchange, f.account, 'withdrawal', id));
  }

  // Ground truth and the seeded records inside each swept window: what complete evidence holds.
  const truth = sim.admin.groundTruth();
  const inScope = new Set(accounts.map((a) => `${a.exchange}/${a.account}`));
  const attacker: RecordRef[] = [
    ...truth.attacker.trades.filter((t) => inScope.has(`${t.exchange}/${t.account}`)).map((t) => ref(t.exchange, t.account, 'trade', t.id, t.symbol)),
    ...truth.attacker.withdrawals.filter((w) => inScope.has(`${w.exchange}/${w.account}`)).map((w) => ref(w.exchange, w.account, 'withdrawal', w.id)),
  ];
  const seeded: RecordRef[] = [];
  for (const a of accounts) {
    const bundle = bundles.find((b) => b.exchange === a.exchange && b.account === a.account);
    // Without a bundle nothing was swept: everything since the default window counts as missing.
    const since = bundle?.window.since ?? Date.now() - 72 * 3600_000;
    const until = bundle?.window.until ?? Date.now();
    for (const symbol of sim.state.symbols(a.account)) {
      for (const t of sim.state.trades(a.account, symbol)) if (t.time >= since && t.time <= until) seeded.push(ref(a.exchange, a.account, 'trade', t.id, symbol));
    }
    for (const w of sim.state.transfers(a.account, 'withdrawal')) if (w.time >= since && w.time <= until) seeded.push(ref(a.exchange, a.account, 'withdrawal', w.id));
  }

  const notificationFiles = (await listFiles(path.join(incidentDir, 'notifications'))).map((f) => `notifications/${f}`);
  const sent = records.some((r) => r.type === 'step.succeeded' && String((r.data as { uses: string }).uses).startsWith('notify.') && (r.data as { outputs: { sent?: unknown } }).outputs.sent === true);
  const reports = await existing(incidentDir, ['report.md', 'report.html', 'report.json']);

  return {
    observations: {
      journal: records,
      journalVerified: verification.ok,
      attacker,
      flagged,
      seeded,
      retrieved,
      notifications: sent ? [...notificationFiles, 'sent by e-mail'] : notificationFiles,
      reports,
      accounts: accounts.map((a) => a.target),
    },
    bundles,
    findings,
    records,
    journalProblems: verification.problems.map((p) => `line ${p.line}: ${p.message}`),
  };
}
