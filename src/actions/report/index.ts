// report.render: writes the post-incident report into the incident folder, usually as the last
// step of a runbook (with `always: true`, so a failed run still gets its report). Local effect:
// it runs in dry runs too, and the report it writes says DRY RUN on every section.
import { z } from 'zod';
import type { ActionDefinition } from '../types.js';

const reportFormat = z.enum(['md', 'html', 'json']);

export const reportRenderInput = z.strictObject({
  /** Which formats to write; all three by default. */
  formats: z.array(reportFormat).min(1).optional(),
});
export type ReportRenderInput = z.infer<typeof reportRenderInput>;

export interface ReportRenderOutputs extends Record<string, unknown> {
  /** Paths relative to the incident folder, per format, e.g. { html: 'report.html' }. */
  paths: Partial<Record<z.infer<typeof reportFormat>, string>>;
  verdict: string;
  dryRun: boolean;
  chainVerifies: boolean;
}

export const reportRender: ActionDefinition<ReportRenderInput, ReportRenderOutputs> = {
  name: 'report.render',
  description: 'Write the post-incident report (Markdown, self-contained HTML, JSON) into the incident folder.',
  effect: 'local',
  input: reportRenderInput,
  async run(ctx, input) {
    const [{ writeReport }, path] = await Promise.all([import('../../report/write-report.js'), import('node:path')]);
    const { report, files } = await writeReport({ incidentDir: ctx.incidentDir, formats: input.formats ?? ['md', 'html', 'json'] });
    const paths = Object.fromEntries(files.map((f) => [f.format, path.relative(ctx.incidentDir, f.path)]));
    ctx.log(`report written: ${files.map((f) => path.relative(ctx.incidentDir, f.path)).join(', ')}`);
    return { paths, verdict: report.verdict.level, dryRun: report.dryRun, chainVerifies: report.evidence.chain.ok };
  },
  describe(input) {
    return `write the report (${(input.formats ?? ['md', 'html', 'json']).join(', ')}) into the incident folder`;
  },
};

export const reportActions: readonly ActionDefinition[] = [reportRender];
