// Builds the report model from an incident folder: the journal and the evidence, nothing else,
// so a report can be rebuilt at any time and always matches what happened.
import path from 'node:path';
import type { JournalRecord } from '../engine/journal-types.js';
import { redactValue } from '../secrets/redact.js';
import { loadActivityInputs, type AccountInputs } from './activity-inputs.js';
import { summarizeActivity } from './activity-summary.js';
import { checkEvidence } from './evidence-check.js';
import { utcText, valueText } from './format.js';
import { operatorTodo, PREVENTION } from './guidance.js';
import { readJournal } from './journal-chain.js';
import { readableRecords } from './record-shapes.js';
import { computeMetrics, type ResponseMetrics } from './response-metrics.js';
import { responseTimeline } from './response-timeline.js';
import type { Report } from './schema.js';
import { foldSteps } from './steps.js';

export interface BuildOptions {
  /** The report's own timestamp; tests pin it. */
  now?: Date;
}

export async function buildReport(incidentDir: string, options: BuildOptions = {}): Promise<Report> {
  const journal = await readJournal(path.join(incidentDir, 'journal.jsonl'));
  const { chain, tornLine } = journal;
  const { records, notes: shapeNotes } = readableRecords(journal.records);
  const started = records.find((r): r is JournalRecord<'run.started'> => r.type === 'run.started');
  const finished = [...records].reverse().find((r): r is JournalRecord<'run.finished'> => r.type === 'run.finished');
  const dryRun = started ? started.data.dryRun === true || started.mode === 'dry-run' : records.some((r) => r.mode === 'dry-run');
  const activityInputs = await loadActivityInputs(incidentDir, records);
  const { malformed, ...activity } = summarizeActivity(activityInputs.accounts);
  const metrics = computeMetrics(records, activityInputs.accounts);
  const status = runStatus(records, finished);
  const steps = foldSteps(records, status === 'in-progress');
  const files = await checkEvidence(incidentDir, records, activityInputs.hashes);
  const notes = [...shapeNotes, ...activityInputs.notes, ...integrityNotes({ malformed, tornLine, hasStart: started !== undefined, chain, files })];
  const verdict = combinedVerdict(activityInputs.accounts);
  const accounts = activityInputs.accounts.map(accountSummary);
  const flaggedWithdrawals = activity.transfers.rows.filter((t) => t.type === 'withdrawal' && t.label !== 'normal');
  const failedSteps = steps.filter((s) => s.status === 'failed').map((s) => s.id);
  const keyVerifiedDead = records.some((r) => r.type === 'step.succeeded' && (r as JournalRecord<'step.succeeded'>).data.uses === 'key.verify-revoked' && (r as JournalRecord<'step.succeeded'>).data.outputs?.dead === true);
  const report: Report = {
    format: 'kit-report',
    version: 1,
    generatedAt: (options.now ?? new Date()).toISOString(),
    dryRun,
    incident: {
      id: started?.data.incidentId ?? path.basename(incidentDir),
      runbook: started?.data.runbook ?? 'unknown',
      runbookTitle: started?.data.runbookTitle ?? null,
      runbookSha256: started?.data.runbookSha256 ?? '',
      mode: dryRun ? 'dry-run' : 'live',
      drill: Boolean(started?.data.settings?.drill),
      user: started?.data.user ?? 'unknown',
      host: started?.data.host ?? 'unknown',
      kitVersion: started?.data.kitVersion ?? 'unknown',
      startedAt: started?.time ?? null,
      finishedAt: finished?.time ?? null,
      status,
      failedSteps: finished?.data.failedSteps ?? failedSteps,
      inputs: Object.fromEntries(Object.entries(started?.data.inputs ?? {}).map(([k, v]) => [k, valueText(v)])),
    },
    verdict,
    summary: '',
    metrics,
    accounts,
    ...activity,
    responseTimeline: responseTimeline(records),
    steps,
    evidence: { chain, files, allMatch: files.every((f) => f.status === 'match') },
    todo: operatorTodo({
      dryRun, contained: metrics.contain.reached, containReason: metrics.contain.reason, keyVerifiedDead, recovered: metrics.recover.reached, failedSteps,
      flaggedWithdrawals: flaggedWithdrawals.map((w) => ({ exchange: w.exchange, id: w.id, amount: w.amount, currency: w.currency, address: w.address })),
      exchanges: [...new Set(accounts.map((a) => a.exchange))],
    }),
    prevention: PREVENTION,
    notes,
  };
  report.summary = summarySentence(report, metrics);
  // The journal is redacted when written; exchange data is not secret, but the report is a sink
  // like any other, so it passes through the one redactor too.
  // JSON round trip: the model is plain data (no shared references, which the redactor would
  // take for cycles), exactly what --format json writes.
  return redactValue(JSON.parse(JSON.stringify(report)) as Report);
}

function integrityNotes(facts: {
  malformed: Array<{ bundlePath: string; trades: number; transfers: number }>;
  tornLine?: number;
  hasStart: boolean;
  chain: Report['evidence']['chain'];
  files: Report['evidence']['files'];
}): string[] {
  const notes = facts.malformed.map((m) => `${m.bundlePath}: ${m.trades} trade(s) and ${m.transfers} transfer(s) lack a time, symbol, price or amount and were left out.`);
  if (facts.tornLine !== undefined) notes.push(`Line ${facts.tornLine} of the journal is incomplete: kit stopped while writing it (a crash, not tampering); it is left out.`);
  if (!facts.hasStart) notes.push('The journal has no run.started record: the incident details are unknown.');
  const problems = facts.chain.problems.length;
  if (!facts.chain.ok) notes.push(`The journal's hash chain does not verify (${problems} problem${problems === 1 ? '' : 's'}): the journal was changed or damaged after it was written.`);
  const changed = facts.files.filter((f) => f.status !== 'match');
  if (changed.length > 0) notes.push(`${changed.length} evidence file${changed.length === 1 ? ' does' : 's do'} not match the SHA-256 in the journal: ${changed.map((f) => `${f.path} (${f.status})`).join(', ')}.`);
  return notes;
}

function runStatus(records: readonly JournalRecord[], finished: JournalRecord<'run.finished'> | undefined): Report['incident']['status'] {
  if (finished) return finished.data.status;
  const last = records[records.length - 1];
  if (last?.type === 'run.waiting-approval') return 'waiting-approval';
  if (last?.type === 'run.interrupted') return 'interrupted';
  return 'in-progress';
}

function combinedVerdict(accounts: readonly AccountInputs[]): Report['verdict'] {
  const judged = accounts.filter((a) => a.findings?.verdict);
  if (judged.length === 0) return { level: 'unknown', compromised: null, summary: 'No verdict: the activity was not analysed in this run.', signals: [] };
  const order = ['compromise-suspected', 'suspicious', 'clean'] as const;
  const level = order.find((l) => judged.some((a) => a.findings?.verdict.level === l)) ?? 'clean';
  const many = judged.length > 1;
  return {
    level,
    compromised: judged.some((a) => a.findings?.verdict.compromised === true),
    summary: judged.map((a) => `${many ? `${a.exchange}/${a.account}: ` : ''}${a.findings?.verdict.summary ?? ''}`).join(' '),
    signals: [...new Set(judged.flatMap((a) => a.findings?.verdict.signals ?? []))].sort(),
  };
}

function accountSummary(a: AccountInputs): Report['accounts'][number] {
  const b = a.bundle;
  const c = a.findings?.counts;
  return {
    exchange: a.exchange, account: a.account, bundlePath: a.bundlePath ?? null, findingsPath: a.findingsPath ?? null,
    window: b ? { since: new Date(b.window.since).toISOString(), until: new Date(b.window.until).toISOString() } : null,
    verdict: a.findings?.verdict ? { level: a.findings.verdict.level, compromised: a.findings.verdict.compromised, summary: a.findings.verdict.summary, signals: a.findings.verdict.signals } : null,
    counts: {
      trades: b?.trades.length ?? c?.trades ?? 0, orders: b?.orders.length ?? c?.orders ?? 0, deposits: b?.deposits?.length ?? 0, withdrawals: b?.withdrawals?.length ?? c?.withdrawals ?? 0,
      flaggedTrades: c?.flaggedTrades ?? 0, flaggedOrders: c?.flaggedOrders ?? 0, flaggedWithdrawals: c?.flaggedWithdrawals ?? 0,
    },
    gaps: (b?.gaps ?? []).map((g) => ({ what: String(g.what), reason: String(g.reason) })),
  };
}

function summarySentence(report: Report, metrics: ResponseMetrics): string {
  const parts: string[] = [];
  if (report.dryRun) parts.push('DRY RUN: nothing was changed on any exchange.');
  const targets = report.accounts.map((a) => `${a.exchange}/${a.account}`).join(', ');
  const verdictText = { 'compromise-suspected': 'Compromise suspected', suspicious: 'Suspicious activity', clean: 'No sign of compromise', unknown: 'No verdict' }[report.verdict.level];
  const flagged = report.trades.flagged.total;
  const flaggedW = report.transfers.rows.filter((t) => t.label !== 'normal').length;
  let activityText = '';
  if (report.trades.total > 0 || flaggedW > 0) {
    activityText = `: ${flagged} of ${report.trades.total} trades${flaggedW ? ` and ${flaggedW} withdrawal${flaggedW === 1 ? '' : 's'}` : ''} flagged`;
    if (report.attackWindow) activityText += ` between ${utcText(report.attackWindow.from)} and ${utcText(report.attackWindow.to)}`;
  }
  parts.push(`${verdictText}${targets ? ` on ${targets}` : ''}${activityText}.`);
  parts.push(metrics.contain.reached ? `Contained ${metrics.contain.text} after the run started; the leaked key is verified dead.` : `Not contained: ${metrics.contain.reason}.`);
  parts.push(metrics.recover.reached ? 'A replacement key was issued.' : 'No replacement key was issued.');
  parts.push(`The run ${report.incident.status === 'in-progress' ? 'is still in progress' : report.incident.status === 'succeeded' ? 'succeeded' : `ended: ${report.incident.status}`}.`);
  return parts.join(' ');
}
