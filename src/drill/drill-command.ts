// The `kit drill` and `kit drill schedule` commands: flags in, a drill run, the verdict out.
import path from 'node:path';
import type { CliContext } from '../cli/context.js';
import type { DrillFlags } from '../cli/commands/drill.js';
import { RunFailedError, UsageError } from '../errors.js';
import type { DrillResult } from './run-drill.js';
import type { DrillThresholds } from './score.js';

function number(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} must be a number between ${min} and ${max}, got "${value}"`);
  return n;
}

function thresholdsOf(flags: DrillFlags): Partial<DrillThresholds> {
  return {
    containSeconds: number('--max-contain-seconds', flags.maxContainSeconds, 0.001, 86_400),
    precision: number('--min-precision', flags.minPrecision, 0, 1),
    recall: number('--min-recall', flags.minRecall, 0, 1),
    evidence: number('--min-evidence', flags.minEvidence, 0, 1),
  };
}

async function drillOnce(ctx: CliContext, flags: DrillFlags, quiet: boolean): Promise<DrillResult> {
  if (flags.target === 'testnet') {
    const { runTestnetDrill } = await import('./testnet.js');
    return runTestnetDrill(ctx, flags, thresholdsOf(flags));
  }
  const { runDrill } = await import('./run-drill.js');
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runDrill({
      kitHome: ctx.kitHome,
      scenario: flags.scenario,
      runbook: flags.runbook,
      out: flags.out,
      since: flags.since,
      thresholds: thresholdsOf(flags),
      output: ctx.json || quiet ? 'silent' : ctx.out.isTTY && ctx.interactive ? 'tty' : 'plain',
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function printResult(ctx: CliContext, result: DrillResult): void {
  const { report } = result;
  if (ctx.json) {
    ctx.out.json({ ok: report.passed, drill: report, files: result.files });
    return;
  }
  ctx.out.line('');
  ctx.out.line(`Drill ${report.passed ? 'PASSED' : 'FAILED'}: ${report.scenario} with ${report.runbook} (${report.accounts.join(', ')})`);
  for (const c of report.score.checks) ctx.out.line(`  ${c.passed ? 'pass' : 'FAIL'}  ${c.name.padEnd(22)} ${c.value}  (${c.threshold})${!c.passed && c.detail ? `: ${c.detail}` : ''}`);
  ctx.out.line('');
  const html = result.files.find((f) => f.endsWith('.html'));
  ctx.out.line(`Drill report:    ${html ?? result.files.join(', ')}`);
  const incidentHtml = report.incidentReport.find((f) => f.endsWith('.html'));
  if (incidentHtml) ctx.out.line(`Incident report: ${incidentHtml}`);
  ctx.out.line(`Incident folder: ${report.incidentDir}`);
  ctx.out.line(`Rebuild the report any time: kit report ${report.incidentId} --kit-home ${path.dirname(path.dirname(report.incidentDir))}`);
}

export async function runDrillCommand(ctx: CliContext, flags: DrillFlags): Promise<void> {
  const result = await drillOnce(ctx, flags, false);
  printResult(ctx, result);
  if (!result.report.passed) {
    const failed = result.report.score.checks.filter((c) => !c.passed).map((c) => c.name);
    throw new RunFailedError(`the drill failed: ${failed.join(', ')}`, { hint: `Read ${result.files.find((f) => f.endsWith('.md')) ?? result.dir} for what was measured.` });
  }
}

export async function runDrillSchedule(ctx: CliContext, flags: DrillFlags & { cron: string; timezone?: string; runs?: string }): Promise<void> {
  const { runSchedule } = await import('./schedule.js');
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const maxRuns = number('--runs', flags.runs, 1, 1_000_000);
  await runSchedule({
    cron: flags.cron,
    timezone: flags.timezone,
    logFile: path.join(ctx.kitHome, 'drills', 'schedule.jsonl'),
    signal: controller.signal,
    maxRuns,
    onEvent: (e) => (ctx.json ? ctx.out.line(JSON.stringify(e)) : ctx.out.line(`${e.time} ${e.type}${e.due ? ` (due ${e.due})` : ''}${e.passed !== undefined ? `: ${e.passed ? 'passed' : 'FAILED'}` : ''}${e.reason ? `: ${e.reason}` : ''}${e.reportPath ? ` ${e.reportPath}` : ''}`)),
    runDrill: async () => {
      const result = await drillOnce(ctx, flags, true);
      return { passed: result.report.passed, drillId: result.report.drillId, reportPath: result.files.find((f) => f.endsWith('.html')) };
    },
  });
}
