// The implementation of `kit runbook lint|list|show`, imported lazily by ./runbook.ts. It
// loads the runbook modules and the action registry, never ccxt or listr2.
import path from 'node:path';
import { ExitCode, formatProblem, isKitError, type LocatedProblem } from '../../errors.js';
import { describeRunbook, type RunbookDescription, type StepDescription } from '../../runbook/describe.js';
import { findRunbook, listRunbooks } from '../../runbook/find.js';
import { isError, loadRunbookFile, loadRunbookText } from '../../runbook/load.js';
import { readRunbookText } from '../../runbook/read-file.js';
import type { CliContext } from '../context.js';
import { loadActionModules } from '../../engine/action-modules.js';

interface FileReport {
  file: string;
  problems: LocatedProblem[];
}

async function lintOne(arg: string, kitHome: string): Promise<FileReport> {
  try {
    const file = await findRunbook(arg, kitHome);
    // A path is reported as the user wrote it; a runbook name as the file it resolved to.
    const shown = path.resolve(arg) === file ? arg : file;
    return { file: shown, problems: loadRunbookText(await readRunbookText(file), shown).problems };
  } catch (error) {
    if (!isKitError(error)) throw error;
    return { file: arg, problems: [{ file: arg, line: 1, col: 1, path: '', message: error.message, severity: 'error' }] };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function runbookLint(files: string[], ctx: CliContext): Promise<void> {
  // Plugin actions (KIT_ACTIONS_MODULE) are known to lint as they are to kit run.
  await loadActionModules();
  const reports: FileReport[] = [];
  for (const file of files) reports.push(await lintOne(file, ctx.kitHome));
  const all = reports.flatMap((r) => r.problems);
  const errors = all.filter(isError).length;
  const warnings = all.length - errors;
  if (ctx.json) {
    ctx.out.json({ ok: errors === 0, files: reports });
  } else {
    for (const report of reports) {
      if (report.problems.length === 0) ctx.out.line(`${report.file}: ok`);
      for (const p of report.problems) ctx.out.line(formatProblem(isError(p) ? p : { ...p, message: `warning: ${p.message}` }));
    }
    ctx.out.line(`${plural(reports.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
  // The problems are the output; exit 2 without a second message from the top-level catch.
  if (errors > 0) process.exitCode = ExitCode.usage;
}

export async function runbookList(ctx: CliContext): Promise<void> {
  await loadActionModules();
  const runbooks = await listRunbooks(ctx.kitHome);
  if (ctx.json) {
    ctx.out.json({ runbooks });
    return;
  }
  if (runbooks.length === 0) {
    ctx.out.line(`No runbooks found. Put your own in ${ctx.kitHome}/runbooks/<name>.yaml.`);
    return;
  }
  const width = Math.max(...runbooks.map((r) => r.name.length));
  for (const r of runbooks) {
    const notes = [r.origin === 'user' ? 'yours' : 'shipped', ...(r.errors > 0 ? [`invalid: ${plural(r.errors, 'error')}, see kit runbook lint ${r.file}`] : []), ...(r.shadowed ? ['hidden by the shipped runbook of the same name'] : [])];
    ctx.out.line(`${r.name.padEnd(width)}  ${r.title ?? ''}  (${notes.join('; ')})`);
  }
}

function inputLine(input: RunbookDescription['inputs'][number]): string {
  const facts = [input.type, input.required ? 'required' : undefined, input.default !== undefined ? `default ${JSON.stringify(input.default)}` : undefined, input.options ? `one of ${input.options.join(', ')}` : undefined];
  return `${input.name}: ${facts.filter(Boolean).join(', ')}${input.description ? ` — ${input.description}` : ''}`;
}

function stepLines(step: StepDescription): string[] {
  const rows: Array<[string, string | undefined]> = [
    ['uses', `${step.uses}${step.effect ? ` (${step.effect})` : ''}`],
    ['does', step.does ?? step.action],
    ['if', step.condition],
    ['always', step.always ? 'runs even after a failure' : undefined],
    ['on error', step.continueOnError === false ? undefined : `continues (continue-on-error: ${step.continueOnError})`],
    ['parallel', step.parallel ? `with the other steps of group ${step.parallel}` : undefined],
    ['for each', step.forEach],
    ['retry', step.retry],
    ['timeout', step.timeout],
    ['approval', step.approval],
    ['dry run', step.dryRun],
  ];
  return [`${step.number}. ${step.id}${step.title ? ` — ${step.title}` : ''}`, ...rows.filter(([, v]) => v !== undefined).map(([k, v]) => `     ${k.padEnd(9)}${v}`)];
}

export async function runbookShow(nameOrFile: string, ctx: CliContext): Promise<void> {
  await loadActionModules();
  const loaded = await loadRunbookFile(await findRunbook(nameOrFile, ctx.kitHome));
  const description = describeRunbook(loaded.runbook);
  if (ctx.json) {
    ctx.out.json({ file: loaded.file, sha256: loaded.sha256, ...description });
    return;
  }
  ctx.out.line(`${description.name}${description.title ? ` — ${description.title}` : ''}`);
  ctx.out.line(`  ${loaded.file}`);
  if (description.description) ctx.out.line(`\n${description.description.trim()}`);
  ctx.out.line('\nInputs:');
  if (description.inputs.length === 0) ctx.out.line('  (none)');
  for (const input of description.inputs) ctx.out.line(`  ${inputLine(input)}`);
  ctx.out.line('\nSteps:');
  for (const step of description.steps) for (const line of stepLines(step)) ctx.out.line(`  ${line}`);
}
