// The only file-system access of src/runbook/: reading a runbook and looking for runbooks by
// name. Everything else in this folder is pure, so it can be tested and reused without I/O.
import { readFile, readdir, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export async function readRunbookText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`runbook file not found: ${file}`, { hint: 'Check the path, or give a runbook name (`kit runbook list` shows them).' });
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder, not a runbook file`, { hint: 'Give the path of a .yaml file.' });
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Names of the `.yaml`/`.yml` files in a folder; none when the folder does not exist. */
export async function yamlFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return [];
  }
}
