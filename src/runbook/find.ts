// Finding a runbook by name or path: an existing file, else a shipped runbook
// (<package>/runbooks/<name>.yaml), else one of the user's ($KIT_HOME/runbooks/<name>.yaml).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { isFile, readRunbookText, yamlFilesIn } from './read-file.js';
import { isError, loadRunbookText } from './load.js';
import { didYouMean } from '../util/suggest.js';

export type RunbookOrigin = 'shipped' | 'user';

export interface RunbookEntry {
  name: string;
  file: string;
  origin: RunbookOrigin;
  title?: string;
  /** Errors found by lint; 0 for a runbook that can run. */
  errors: number;
  /** A shipped runbook of the same name is found first. */
  shadowed?: boolean;
}

/**
 * The package root: this file is src/runbook/find.ts under vitest and dist/runbook/find.js
 * when built, two levels below the root either way.
 */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export function shippedRunbooksDir(): string {
  return path.join(packageRoot(), 'runbooks');
}

export function userRunbooksDir(kitHome: string): string {
  return path.join(kitHome, 'runbooks');
}

function looksLikePath(nameOrFile: string): boolean {
  return nameOrFile.includes('/') || nameOrFile.includes(path.sep) || /\.ya?ml$/i.test(nameOrFile);
}

async function firstFile(dir: string, name: string): Promise<string | undefined> {
  for (const ext of ['.yaml', '.yml']) {
    const candidate = path.join(dir, name + ext);
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/** The file of a runbook given by name or path; a UsageError listing what exists when unknown. */
export async function findRunbook(nameOrFile: string, kitHome: string): Promise<string> {
  const asPath = path.resolve(nameOrFile);
  if (await isFile(asPath)) return asPath;
  if (looksLikePath(nameOrFile)) {
    throw new UsageError(`runbook file not found: ${nameOrFile}`, { hint: 'Check the path, or give the name of a runbook (`kit runbook list` shows them).' });
  }
  const found = (await firstFile(shippedRunbooksDir(), nameOrFile)) ?? (await firstFile(userRunbooksDir(kitHome), nameOrFile));
  if (found) return found;
  const entries = await runbookFiles(kitHome);
  const names = entries.map((e) => e.name);
  const available = entries.length > 0 ? `available: ${entries.map((e) => `${e.name}${e.origin === 'user' ? ' (yours)' : ''}`).join(', ')}` : 'no runbooks are installed';
  throw new UsageError(`unknown runbook "${nameOrFile}"${didYouMean(nameOrFile, names)}; ${available}`, {
    hint: `Give a runbook name or the path of a .yaml file; your own runbooks go in ${userRunbooksDir(kitHome)}.`,
  });
}

/** Shipped runbooks, then the user's, by file name (no parsing). */
async function runbookFiles(kitHome: string): Promise<Array<Pick<RunbookEntry, 'name' | 'file' | 'origin' | 'shadowed'>>> {
  const out: Array<Pick<RunbookEntry, 'name' | 'file' | 'origin' | 'shadowed'>> = [];
  const dirs: Array<[string, RunbookOrigin]> = [[shippedRunbooksDir(), 'shipped'], [userRunbooksDir(kitHome), 'user']];
  for (const [dir, origin] of dirs) {
    for (const fileName of await yamlFilesIn(dir)) {
      const name = fileName.replace(/\.ya?ml$/i, '');
      const shadowed = out.some((e) => e.name === name);
      out.push({ name, file: path.join(dir, fileName), origin, ...(shadowed ? { shadowed } : {}) });
    }
  }
  return out;
}

/** Every runbook `kit run <name>` can find, with its title and whether it is valid. */
export async function listRunbooks(kitHome: string): Promise<RunbookEntry[]> {
  const entries: RunbookEntry[] = [];
  for (const entry of await runbookFiles(kitHome)) {
    const text = await readRunbookText(entry.file);
    const { runbook, problems } = loadRunbookText(text, entry.file);
    const title = runbook?.runbook.title ?? titleOf(text);
    entries.push({ ...entry, ...(title ? { title } : {}), errors: problems.filter(isError).length });
  }
  return entries;
}

/** The title of an invalid runbook, if a `title:` line can be read at all. */
function titleOf(text: string): string | undefined {
  const m = /^title:[ \t]*(.+)$/m.exec(text);
  return m ? m[1].trim().replace(/^(['"])(.*)\1$/, '$2') : undefined;
}
