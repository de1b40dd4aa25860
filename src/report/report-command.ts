// The implementation of `kit report`, loaded only when the command runs.
import type { CliContext } from '../cli/context.js';
import type { ReportCommandOptions } from '../cli/commands/report.js';
import { bytesText } from './format.js';
import { findIncidentDir } from './incident-paths.js';
import { REPORT_FORMATS, type ReportFormat } from './render.js';
import { writeReport } from './write-report.js';

export async function runReportCommand(ctx: CliContext, incident: string, options: ReportCommandOptions): Promise<void> {
  const incidentDir = await findIncidentDir(ctx.kitHome, incident);
  const formats: readonly ReportFormat[] = options.format === 'all' ? REPORT_FORMATS : [options.format];
  const { report, files } = await writeReport({ incidentDir, formats, out: options.out, templatesDir: options.templates });
  if (ctx.json) {
    ctx.out.json({ ok: true, incident: report.incident.id, dryRun: report.dryRun, verdict: report.verdict.level, chainVerifies: report.evidence.chain.ok, evidenceMatches: report.evidence.allMatch, files });
    return;
  }
  ctx.out.line(report.summary);
  if (!report.evidence.chain.ok) ctx.out.line('warning: the journal hash chain does not verify; the report lists where.');
  if (!report.evidence.allMatch) ctx.out.line('warning: some evidence files no longer match their journaled SHA-256; the report lists them.');
  for (const file of files) ctx.out.line(`wrote ${file.path} (${bytesText(file.bytes)})`);
}
