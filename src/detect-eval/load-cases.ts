// Labeled cases from disk, for cases made elsewhere (the simulator's scenarios): a folder of
// `<name>.case.json` files, each { name, description?, expectClean, groundTruth, bundle }.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { validateBundle } from '../detect/bundle.js';
import { UsageError } from '../errors.js';
import type { EvalCase } from './eval-case.js';

const caseFile = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  expectClean: z.boolean(),
  groundTruth: z.object({ tradeIds: z.array(z.string()), orderIds: z.array(z.string()), withdrawalIds: z.array(z.string()) }),
  bundle: z.unknown(),
});

export async function loadCaseFolder(folder: string): Promise<EvalCase[]> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.case.json')).sort();
  const cases: EvalCase[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const parsed = caseFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new UsageError(`${file}: not an evaluation case: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { bundle, description, ...rest } = parsed.data;
    cases.push({ ...rest, description: description ?? name, bundle: validateBundle(bundle, file) });
  }
  return cases;
}
