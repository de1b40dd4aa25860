// How a run's end is shown: a JSON line with --json (and the exit code set), otherwise a short
// summary, with the typed error (and its exit code) for failed, waiting and interrupted runs.
import { ExitCode, InterruptedError, RunFailedError, WaitingApprovalError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { wouldText, type RunResult } from '../../engine/index.js';

const EXIT_BY_STATUS = { succeeded: ExitCode.ok, failed: ExitCode.failed, 'waiting-approval': ExitCode.waitingApproval, interrupted: ExitCode.interrupted } as const;

function tag(result: RunResult): string {
  return result.mode === 'dry-run' ? '[dry-run]' : '[live]';
}

export function reportRunResult(ctx: CliContext, result: RunResult): void {
  if (ctx.json) {
    ctx.out.line(JSON.stringify({ event: 'run.result', ...result, exitCode: EXIT_BY_STATUS[result.status] }));
    process.exitCode = EXIT_BY_STATUS[result.status];
    return;
  }
  const t = tag(result);
  if (result.alreadyFinished) {
    ctx.out.line(`${t} incident ${result.incidentId} has already finished (${result.status}); there is nothing to resume.`);
    ctx.out.line(`${t} its folder: ${result.incidentDir}`);
    return;
  }
  if (result.planned.length > 0) {
    ctx.out.line(`${t} nothing was changed. A live run would:`);
    for (const p of result.planned) ctx.out.line(`${t}   ${p.stepId}: ${wouldText(p.summary)}`);
  }
  const where = `Folder: ${result.incidentDir}`;
  switch (result.status) {
    case 'succeeded':
      ctx.out.line(`${t} incident ${result.incidentId} succeeded. ${where}`);
      return;
    case 'failed':
      throw new RunFailedError(`${t} incident ${result.incidentId} failed (step${result.failedSteps.length === 1 ? '' : 's'} ${result.failedSteps.join(', ')})`, {
        hint: `${where}. The journal shows what happened: kit journal verify ${result.incidentId}`,
        details: { incidentId: result.incidentId },
      });
    case 'waiting-approval': {
      const w = result.waitingFor!;
      ctx.out.line(`${t} step ${w.stepId} waits for approval. To continue:`);
      ctx.out.line(`  ${w.approveCommand}`);
      ctx.out.line(`  ${w.resumeCommand}`);
      throw new WaitingApprovalError(`${t} incident ${result.incidentId} waits for approval of step ${w.stepId}`, {
        hint: `Approve it with \`${w.approveCommand}\`, then continue with \`${w.resumeCommand}\`.`,
        details: { incidentId: result.incidentId, stepId: w.stepId },
      });
    }
    case 'interrupted':
      throw new InterruptedError(`${t} incident ${result.incidentId} was interrupted`, {
        hint: `Continue with \`${result.resumeCommand}\`.`,
        details: { incidentId: result.incidentId },
      });
  }
}
