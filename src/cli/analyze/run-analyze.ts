// `kit analyze`: read the bundle (and config), analyse, print. A suspected compromise sets exit
// code 1 after the report is printed (so --json stays one document); bad input throws a
// ValidationError, which the one top-level catch turns into exit code 2.
import { analyze } from '../../detect/analyze.js';
import { readBundleFile, readConfigFile } from '../../detect-io/read-bundle.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { renderAnalysis } from './render.js';

export async function runAnalyze(ctx: CliContext, bundlePath: string, options: { config?: string }): Promise<void> {
  const bundle = await readBundleFile(bundlePath);
  const config = options.config ? await readConfigFile(options.config) : undefined;
  const result = analyze(bundle, { config });
  if (ctx.json) ctx.out.json(result);
  else for (const line of renderAnalysis(result, bundle, { color: ctx.color })) ctx.out.line(line);
  if (result.verdict.compromised) process.exitCode = ExitCode.failed;
}
