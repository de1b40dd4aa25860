// `kit approve <incident> <step>`.
import type { CliContext } from '../context.js';
import { approveStep } from '../../engine/index.js';

export async function approveCommand(ctx: CliContext, incidentId: string, stepId: string): Promise<void> {
  const result = await approveStep(ctx.kitHome, incidentId, stepId);
  if (ctx.json) return ctx.out.json({ ok: true, ...result });
  ctx.out.line(result.recorded ? `Approved step ${stepId} of incident ${incidentId} (as ${result.user}).` : `Step ${stepId} of incident ${incidentId} was approved already.`);
  if (!result.wasWaiting) ctx.out.line(`(The incident was not waiting for this step; the approval applies when the run reaches it.)`);
  ctx.out.line(`Continue with: ${result.resumeCommand}`);
}
