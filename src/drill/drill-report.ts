// The drill report: the score, each check with what was measured against its threshold, what
// the simulated operator did, and where the incident and its report are. Written as Markdown,
// self-contained HTML (every value escaped) and JSON, atomically and 0600 (it names accounts).
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { redact, redactValue } from '../secrets/redact.js';
import type { DrillScore, DrillThresholds } from './score.js';
import type { OperatorLogEntry } from './operator.js';

export interface DrillReport {
  format: 'kit-drill-report';
  version: 1;
  drillId: string;
  scenario: string;
  runbook: string;
  target: 'sim' | 'testnet';
  startedAt: string;
  finishedAt: string;
  passed: boolean;
  runStatus: string;
  incidentId: string;
  incidentDir: string;
  /** The incident's post-incident report files. */
  incidentReport: string[];
  accounts: string[];
  thresholds: DrillThresholds;
  score: DrillScore;
  operator: OperatorLogEntry[];
  journalProblems: string[];
  /** Whether the scenario expected the drill to fail (e.g. a key that cannot be revoked). */
  expectedFailure: boolean;
}

const escapeHtml = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const escapeMd = (s: unknown): string => String(s).replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/\n/g, ' ');

export function drillMarkdown(r: DrillReport): string {
  const lines = [
    `# Drill ${escapeMd(r.drillId)}: ${r.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `- Scenario: ${escapeMd(r.scenario)} (target: ${r.target})${r.expectedFailure ? ' (this scenario is expected to fail)' : ''}`,
    `- Runbook: ${escapeMd(r.runbook)}; run ${escapeMd(r.runStatus)}`,
    `- Accounts: ${r.accounts.map(escapeMd).join(', ')}`,
    `- Started ${r.startedAt}, finished ${r.finishedAt} (UTC)`,
    `- Incident: ${escapeMd(r.incidentId)} in ${escapeMd(r.incidentDir)}`,
    `- Incident report: ${r.incidentReport.length ? r.incidentReport.map(escapeMd).join(', ') : 'not produced'}`,
    '',
    '| check | result | measured | threshold |',
    '| --- | --- | --- | --- |',
    ...r.score.checks.map((c) => `| ${escapeMd(c.name)} | ${c.passed ? 'pass' : 'FAIL'} | ${escapeMd(c.value)}${c.detail ? ` (${escapeMd(c.detail)})` : ''} | ${escapeMd(c.threshold)} |`),
    '',
    '## What the simulated operator did',
    '',
    ...(r.operator.length ? r.operator.map((o) => `- ${escapeMd(o.kind)}: ${o.done ? 'done' : 'not done'}, ${escapeMd(o.note)}`) : ['- nothing was asked of the operator']),
  ];
  if (r.journalProblems.length) lines.push('', '## Journal problems', '', ...r.journalProblems.map((p) => `- ${escapeMd(p)}`));
  return lines.join('\n') + '\n';
}

export function drillHtml(r: DrillReport): string {
  const rows = r.score.checks.map((c) => `<tr class="${c.passed ? 'pass' : 'fail'}"><td>${escapeHtml(c.name)}</td><td>${c.passed ? 'pass' : 'FAIL'}</td><td>${escapeHtml(c.value)}${c.detail ? `<br><small>${escapeHtml(c.detail)}</small>` : ''}</td><td>${escapeHtml(c.threshold)}</td></tr>`).join('\n');
  const ops = r.operator.map((o) => `<li>${escapeHtml(o.kind)}: ${o.done ? 'done' : 'not done'}, ${escapeHtml(o.note)}</li>`).join('\n') || '<li>nothing was asked of the operator</li>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kit drill ${escapeHtml(r.drillId)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1d1d1f;padding:0 1rem}
h1 .pass{color:#126b2f}h1 .fail{color:#b3261e}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
tr.fail td:nth-child(2){color:#b3261e;font-weight:600}tr.pass td:nth-child(2){color:#126b2f}
@media print{body{margin:0}}
</style></head><body>
<h1>Drill ${escapeHtml(r.drillId)}: <span class="${r.passed ? 'pass' : 'fail'}">${r.passed ? 'PASSED' : 'FAILED'}</span></h1>
<p>Scenario <b>${escapeHtml(r.scenario)}</b> (target ${escapeHtml(r.target)})${r.expectedFailure ? ', expected to fail' : ''}; runbook <b>${escapeHtml(r.runbook)}</b>, run ${escapeHtml(r.runStatus)}; accounts ${r.accounts.map(escapeHtml).join(', ')}.</p>
<p>Started ${escapeHtml(r.startedAt)}, finished ${escapeHtml(r.finishedAt)} (UTC). Incident ${escapeHtml(r.incidentId)}; its report: ${r.incidentReport.map(escapeHtml).join(', ') || 'not produced'}.</p>
<table><thead><tr><th>check</th><th>result</th><th>measured</th><th>threshold</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>What the simulated operator did</h2><ul>${ops}</ul>
</body></html>
`;
}

export async function writeDrillReport(dir: string, report: DrillReport): Promise<string[]> {
  const safe = redactValue(report);
  const files = [
    ['drill-report.json', JSON.stringify(safe, null, 2) + '\n'],
    ['drill-report.md', drillMarkdown(safe)],
    ['drill-report.html', drillHtml(safe)],
  ] as const;
  const written: string[] = [];
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    await writeFileAtomic(file, redact(text), { mode: 0o600 });
    written.push(file);
  }
  return written;
}
