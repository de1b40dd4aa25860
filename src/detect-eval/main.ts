// `npm run eval:detect`: the detector over the generated labeled cases (and any folders of
// `.case.json` files given as arguments); prints precision, recall and the verdict per case and
// exits 1 when a target is missed. `--write-cases <folder>` writes the generated cases instead.
import { attackCases } from './cases/attacks.js';
import { cleanCases } from './cases/clean.js';
import type { EvalCase } from './eval-case.js';
import { loadCaseFolder } from './load-cases.js';
import { formatScores } from './report.js';
import { scoreCase } from './score.js';
import { writeCaseFolder } from './write-cases.js';

async function run(args: string[]): Promise<number> {
  const generated: EvalCase[] = [...attackCases(), ...cleanCases()];
  const write = args.indexOf('--write-cases');
  if (write !== -1) {
    const folder = args[write + 1];
    if (!folder) throw new Error('--write-cases needs a folder');
    for (const file of await writeCaseFolder(folder, generated)) process.stdout.write(`${file}\n`);
    return 0;
  }
  const folders = args;
  const cases = [...generated];
  for (const folder of folders) cases.push(...(await loadCaseFolder(folder)));
  const scores = cases.map(scoreCase);
  process.stdout.write(formatScores(scores) + '\n');
  return scores.every((s) => s.passed) ? 0 : 1;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval:detect: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
