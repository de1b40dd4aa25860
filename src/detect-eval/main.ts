// `npm run eval:detect`: the detector over the generated labeled cases (and any folders of
// `.case.json` files given as arguments); prints precision, recall and the verdict per case and
// exits 1 when a target is missed.
import { attackCases } from './cases/attacks.js';
import { cleanCases } from './cases/clean.js';
import type { EvalCase } from './eval-case.js';
import { loadCaseFolder } from './load-cases.js';
import { formatScores } from './report.js';
import { scoreCase } from './score.js';

async function run(folders: string[]): Promise<number> {
  const cases: EvalCase[] = [...attackCases(), ...cleanCases()];
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
