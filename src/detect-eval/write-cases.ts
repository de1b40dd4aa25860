// Writes the generated cases as `<name>.case.json` files (the format load-cases reads), so a
// person can run `kit analyze` on them or hand them to another scorer.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvalCase } from './eval-case.js';

export async function writeCaseFolder(folder: string, cases: readonly EvalCase[]): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const c of cases) {
    const file = path.join(folder, `${c.name}.case.json`);
    await writeFile(file, JSON.stringify({ name: c.name, description: c.description, expectClean: c.expectClean, groundTruth: c.groundTruth, bundle: c.bundle }));
    written.push(file);
  }
  return written;
}
