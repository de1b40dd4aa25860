// The evaluation printout: one line per case, then whether every target was met.
import type { CaseScore } from './score.js';

export function formatScores(scores: readonly CaseScore[]): string {
  const rows = scores.map((s) => [
    s.passed ? 'pass' : 'FAIL',
    s.name,
    s.expectClean ? 'clean' : 'attack',
    s.level,
    s.expectClean ? '-' : s.precision.toFixed(3),
    s.expectClean ? '-' : s.recall.toFixed(3),
    `${s.truePositives}/${s.falsePositives}/${s.falseNegatives}`,
    s.signals.join(',') || '-',
  ]);
  const header = ['', 'case', 'expect', 'verdict', 'precision', 'recall', 'tp/fp/fn', 'signals'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const s of scores) if (s.failure) out.push(`FAIL ${s.name}: ${s.failure}`);
  const failed = scores.filter((s) => !s.passed).length;
  out.push(failed === 0 ? `all ${scores.length} cases meet the targets (precision and recall >= 0.95 on attacks, no compromise verdict on clean cases)` : `${failed} of ${scores.length} cases miss the targets`);
  return out.join('\n');
}
