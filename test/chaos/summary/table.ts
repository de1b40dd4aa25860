// The summary table of a chaos run: one line per area, a total, and whether the must-be-zero
// columns are zero.
import type { TallyRow } from './tally.js';

const COLUMNS: Array<[keyof Omit<TallyRow, 'area' | 'notes'>, string]> = [
  ['faultsInjected', 'faults injected'],
  ['runsCompleted', 'runs completed'],
  ['runsResumed', 'runs resumed'],
  ['recordsLost', 'records lost'],
  ['duplicateWrites', 'duplicate writes'],
  ['secretsLeaked', 'secrets leaked'],
];
const MUST_BE_ZERO = ['recordsLost', 'duplicateWrites', 'secretsLeaked'] as const;

export function summaryTable(rows: readonly TallyRow[]): { text: string; clean: boolean } {
  const byArea = new Map<string, TallyRow>();
  for (const row of rows) {
    const sum = byArea.get(row.area) ?? { ...row, ...Object.fromEntries(COLUMNS.map(([k]) => [k, 0])), notes: [] };
    for (const [k] of COLUMNS) sum[k] += row[k];
    sum.notes = [...(sum.notes ?? []), ...(row.notes ?? [])];
    byArea.set(row.area, sum);
  }
  const total: TallyRow = { area: 'total', ...Object.fromEntries(COLUMNS.map(([k]) => [k, 0])) } as TallyRow;
  for (const row of byArea.values()) for (const [k] of COLUMNS) total[k] += row[k];
  const table = [['area', ...COLUMNS.map(([, title]) => title)], ...[...byArea.values(), total].map((r) => [r.area, ...COLUMNS.map(([k]) => String(r[k]))])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const clean = MUST_BE_ZERO.every((k) => total[k] === 0);
  const verdict = clean ? 'records lost, duplicate writes and secrets leaked: all 0' : `FAILED: ${MUST_BE_ZERO.filter((k) => total[k] !== 0).map((k) => `${k} = ${total[k]}`).join(', ')}`;
  const notes = [...byArea.values()].flatMap((r) => r.notes ?? []);
  const text = ['kit chaos summary', rule, line(table[0]), rule, ...table.slice(1, -1).map(line), rule, line(table.at(-1)!), rule, verdict, ...notes].join('\n');
  return { text, clean };
}
