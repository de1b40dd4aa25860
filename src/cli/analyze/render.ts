// The human-readable analysis: the verdict first, then the findings by severity, then a table
// of the flagged activity (attacker-likely first), then what could not be checked.
import { amount, plural, time } from '../../detect/format.js';
import type { ActivityBundle, ActivityLabel, AnalysisResult, Severity } from '../../detect/types.js';

/** Rows of the flagged-activity table; the rest are in --json. */
export const MAX_TABLE_ROWS = 40;

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

interface Row {
  label: ActivityLabel;
  kind: 'trade' | 'order' | 'withdrawal';
  id: string;
  timestamp: number;
  cells: string[];
}

export function renderAnalysis(result: AnalysisResult, bundle: ActivityBundle, options: { color: boolean }): string[] {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  const level = result.verdict.level;
  const badge = level === 'compromise-suspected' ? paint(31, 'COMPROMISE SUSPECTED') : level === 'suspicious' ? paint(33, 'SUSPICIOUS') : paint(32, 'CLEAN');
  out.push(`Verdict: ${badge}. ${result.verdict.summary}`);
  const c = result.counts;
  const counts = (t: number, o: number, w: number) => `${plural(t, 'trade')}, ${plural(o, 'order')}, ${plural(w, 'withdrawal')}`;
  out.push(`${result.exchange}/${result.account}, window ${time(result.window.since)} to ${time(result.window.until)}: ${counts(c.trades, c.orders, c.withdrawals)}; flagged ${counts(c.flaggedTrades, c.flaggedOrders, c.flaggedWithdrawals)}.`);
  if (result.verdict.compromised) out.push('What to do: contain the key now (kit incident: cancel orders, revoke the key), and keep this bundle and this output as evidence.');

  if (result.findings.length > 0) {
    out.push('', 'Findings');
    for (const severity of SEVERITIES) {
      for (const f of result.findings.filter((x) => x.severity === severity)) {
        out.push(`  ${severity.toUpperCase().padEnd(8)}  ${f.rule} [${f.signal}]  ${f.sentence}`);
      }
    }
  }

  const rows = flaggedRows(result, bundle);
  if (rows.length > 0) {
    const shown = rows.slice(0, MAX_TABLE_ROWS);
    out.push('', `Flagged activity${rows.length > shown.length ? ` (first ${shown.length} of ${amount(rows.length)}; all in --json)` : ''}`);
    out.push(...table(['label', 'kind', 'id', 'time', 'market', 'side', 'amount', 'price', 'rules'], shown.map((r) => [r.label, r.kind, r.id, time(r.timestamp), ...r.cells])));
  }
  if (result.notes && result.notes.length > 0) out.push('', 'Not checked', ...result.notes.map((n) => `  - ${n}`));
  return out;
}

function flaggedRows(result: AnalysisResult, bundle: ActivityBundle): Row[] {
  const rulesOf = new Map<string, Set<string>>();
  const note = (kind: string, id: string, rule: string) => {
    const key = `${kind}:${id}`;
    let set = rulesOf.get(key);
    if (!set) rulesOf.set(key, (set = new Set()));
    set.add(rule);
  };
  for (const f of result.findings) {
    for (const id of f.tradeIds) note('trade', id, f.rule);
    for (const id of f.orderIds) note('order', id, f.rule);
    for (const id of f.withdrawalIds) note('withdrawal', id, f.rule);
  }
  const rules = (kind: string, id: string) => [...(rulesOf.get(`${kind}:${id}`) ?? [])].join(', ') || '(via its order or fills)';
  const rows: Row[] = [];
  for (const t of bundle.trades) {
    const label = result.labels.trades[t.id];
    if (label && label !== 'normal') rows.push({ label, kind: 'trade', id: t.id, timestamp: t.timestamp, cells: [t.symbol, t.side, amount(t.amount), amount(t.price), rules('trade', t.id)] });
  }
  for (const o of bundle.orders) {
    const label = result.labels.orders[o.id];
    if (label && label !== 'normal') rows.push({ label, kind: 'order', id: o.id, timestamp: o.timestamp, cells: [o.symbol, o.side, amount(o.amount), o.average ?? o.price ? amount((o.average ?? o.price) as number) : o.type, rules('order', o.id)] });
  }
  for (const w of bundle.withdrawals) {
    const label = result.labels.withdrawals[w.id];
    if (label && label !== 'normal') rows.push({ label, kind: 'withdrawal', id: w.id, timestamp: w.timestamp, cells: [w.currency, 'out', amount(w.amount), w.address ?? '?', rules('withdrawal', w.id)] });
  }
  const rank = (l: ActivityLabel) => (l === 'attacker-likely' ? 0 : 1);
  return rows.sort((a, b) => rank(a.label) - rank(b.label) || a.timestamp - b.timestamp);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}
