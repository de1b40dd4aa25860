// Loading a runbook: YAML with located errors, the zod schema, then the semantic rules, with
// EVERY problem reported (not only the first), each as file:line:col plus a field path.
// loadRunbookText is pure; loadRunbookFile adds the one file read.
import { createHash } from 'node:crypto';
import { ValidationError, type LocatedProblem } from '../errors.js';
import { byPosition, parseYamlLocated, zodIssuesToProblems } from '../util/yaml-located.js';
import { readRunbookText } from './read-file.js';
import { checkRunbook } from './rules.js';
import { runbookSpec, type LoadedRunbook } from './schema.js';

export interface RunbookLoadResult {
  /** Present when there is no error (warnings allowed). */
  runbook?: LoadedRunbook;
  /** Errors and warnings, in file order. */
  problems: LocatedProblem[];
}

export function isError(problem: LocatedProblem): boolean {
  return (problem.severity ?? 'error') === 'error';
}

export function loadRunbookText(text: string, file: string): RunbookLoadResult {
  const parsed = parseYamlLocated(text, file);
  const problems = [...parsed.problems];
  // After a syntax error the structure is in doubt: schema and rules would only add noise.
  if (parsed.fatal) return { problems };
  const result = runbookSpec.safeParse(parsed.value);
  if (!result.success) problems.push(...zodIssuesToProblems(parsed, result.error.issues, [], runbookSpec));
  problems.push(...checkRunbook(parsed, text, parsed.value));
  // Stable: problems at the same position keep the order they were found in.
  problems.sort(byPosition);
  if (!result.success || problems.some(isError)) return { problems };
  return { problems, runbook: { runbook: result.data, file, source: text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') } };
}

/** Reads and loads a runbook file; a ValidationError lists every problem when it is invalid. */
export async function loadRunbookFile(file: string): Promise<LoadedRunbook> {
  const text = await readRunbookText(file);
  const { runbook, problems } = loadRunbookText(text, file);
  if (!runbook) throw new ValidationError(`runbook ${file} is invalid`, problems.filter(isError), { hint: `Fix the lines above (\`kit runbook lint ${file}\` checks the file again).` });
  return runbook;
}
