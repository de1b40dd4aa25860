// What a notification says, taken from the report model so an e-mail, a chat message and the
// report always agree: a subject, the verdict and summary, the response times, the actions, what
// is still to do, and where the report is.
import { reportView } from '../report/report-view.js';
import type { Report } from '../report/schema.js';

export interface Notification {
  subject: string;
  /** "Compromise suspected on binance/main" */
  headline: string;
  summary: string;
  verdictLevel: Report['verdict']['level'];
  dryRun: boolean;
  drill: boolean;
  incidentId: string;
  runStatus: string;
  metrics: Array<{ name: string; text: string; note: string }>;
  actions: Array<{ id: string; uses: string; status: string; result: string }>;
  todo: string[];
  chainVerifies: boolean;
  evidenceMatches: boolean;
  /** Where the report is, relative to the incident folder. */
  reportFiles: string[];
  generatedAt: string;
}

export function notificationFrom(report: Report, reportFiles: string[]): Notification {
  const view = reportView(report);
  const targets = report.accounts.map((a) => `${a.exchange}/${a.account}`).join(', ');
  const headline = `${view.verdictText}${targets ? ` on ${targets}` : ''}`;
  const tags = `${report.dryRun ? '[DRY RUN] ' : ''}${report.incident.drill ? '[DRILL] ' : ''}`;
  return {
    subject: `${tags}[kit] ${headline}: incident ${report.incident.id}`,
    headline,
    summary: report.summary,
    verdictLevel: report.verdict.level,
    dryRun: report.dryRun,
    drill: report.incident.drill,
    incidentId: report.incident.id,
    runStatus: view.statusText,
    metrics: view.metrics.map((m) => ({ name: m.name, text: m.text, note: m.reached ? `at ${m.at}` : (m.reason ?? '') })),
    actions: report.steps.map((s) => ({ id: s.id, uses: s.uses, status: s.planned ? 'planned (dry run)' : s.status, result: s.result })),
    todo: report.todo.filter((t) => !t.done).map((t) => t.text),
    chainVerifies: report.evidence.chain.ok,
    evidenceMatches: report.evidence.allMatch,
    reportFiles,
    generatedAt: report.generatedAt,
  };
}
