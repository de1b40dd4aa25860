// What the templates see: the report model plus ready-made labels, so a template needs no logic
// beyond loops and conditions. Every value here is data; escaping happens at render time.
import { durationText, utcText } from './format.js';
import type { Metric, Report } from './schema.js';

const VERDICT_TEXT: Record<Report['verdict']['level'], string> = {
  'compromise-suspected': 'Compromise suspected',
  suspicious: 'Suspicious activity',
  clean: 'No sign of compromise',
  unknown: 'No verdict',
};

const STATUS_TEXT: Record<Report['incident']['status'], string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'in-progress': 'in progress (this report was written before the run finished)',
  'waiting-approval': 'waiting for approval',
  interrupted: 'interrupted (resumable)',
};

const EVIDENCE_TEXT: Record<Report['evidence']['files'][number]['status'], string> = {
  match: 'matches',
  modified: 'CHANGED since it was written',
  missing: 'MISSING',
  unsafe: 'not read: the path leaves the incident folder',
};

export interface ReportView {
  dryRunTag: string;
  modeText: string;
  verdictText: string;
  statusText: string;
  generatedAtText: string;
  metrics: Array<Metric & { name: string; fromText: string }>;
  evidenceFiles: Array<Report['evidence']['files'][number] & { statusText: string; ok: boolean }>;
  steps: Array<Report['steps'][number] & { n: number; durationText: string }>;
  flaggedHidden: number;
  aggregatesHidden: number;
  transfersHidden: number;
  bucketText: string;
  findingsCount: number;
}

export function reportView(report: Report): ReportView {
  const metric = (name: string, m: Metric) => ({ ...m, name, fromText: m.from === 'run.started' ? 'from the start of the run' : 'from the start of the activity window' });
  return {
    dryRunTag: report.dryRun ? ' (DRY RUN)' : '',
    modeText: report.dryRun ? 'DRY RUN: nothing was changed on any exchange; write and notify steps were planned, not done' : report.incident.drill ? 'drill' : 'live',
    verdictText: VERDICT_TEXT[report.verdict.level],
    statusText: STATUS_TEXT[report.incident.status],
    generatedAtText: utcText(report.generatedAt),
    metrics: [
      metric('Time to detect', report.metrics.detect),
      metric('Time to contain', report.metrics.contain),
      metric('Time to recover', report.metrics.recover),
      metric('Exposure', report.metrics.exposure),
    ],
    evidenceFiles: report.evidence.files.map((f) => ({ ...f, statusText: EVIDENCE_TEXT[f.status], ok: f.status === 'match' })),
    steps: report.steps.map((s, i) => ({ ...s, n: i + 1, durationText: durationText(s.durationMs) })),
    flaggedHidden: report.trades.flagged.total - report.trades.flagged.shown,
    aggregatesHidden: report.trades.aggregates.total - report.trades.aggregates.shown,
    transfersHidden: report.transfers.total - report.transfers.shown,
    bucketText: durationText(report.activityTimeline.bucketMs),
    findingsCount: report.findings.length,
  };
}
