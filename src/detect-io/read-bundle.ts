// Reads an activity bundle or a detection config from disk: the only file access detection
// needs, kept out of src/detect (which stays pure). Every failure is a typed error with a hint.
import { constants as bufferConstants } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { parseBundleText } from '../detect/bundle.js';
import { configSchema } from '../detect/bundle-schema.js';
import type { ActivityBundle, BundleConfig } from '../detect/types.js';
import { UsageError, ValidationError } from '../errors.js';
import { parseYamlLocated, zodIssuesToProblems } from '../util/yaml-located.js';

async function readText(file: string, what: string, hint: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UsageError(`${what} ${file} is a folder, not a file`, { hint });
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`, { hint });
  }
  // One JSON document must fit in one JavaScript string (about 512 MB).
  if (size > bufferConstants.MAX_STRING_LENGTH) {
    throw new UsageError(`${what} ${file} is ${Math.round(size / 1e6)} MB; kit reads up to ${Math.floor(bufferConstants.MAX_STRING_LENGTH / 1e6)} MB`, { hint: 'Narrow the window (a later --since) or analyse one account per bundle.' });
  }
  return readFile(file, 'utf8');
}

export async function readBundleFile(file: string): Promise<ActivityBundle> {
  const text = await readText(file, 'the activity bundle', 'Give the path of a bundle written by exchange.fetch-activity (in the incident\'s evidence folder), or write one by hand: see the README, "Activity bundle format".');
  return parseBundleText(text, file);
}

/** A BundleConfig in YAML or JSON (JSON is YAML), with file:line:col errors. */
export async function readConfigFile(file: string): Promise<BundleConfig> {
  const text = await readText(file, 'the config file', 'Give a YAML or JSON file with the keys of a bundle\'s "config" (clientOrderIdPrefixes, allowlistedAddresses, operatorSymbols, usualOrderTypes, usualHoursUtc, thresholds).');
  const parsed = parseYamlLocated(text, file);
  if (parsed.problems.length > 0) throw new ValidationError(`config ${file}`, parsed.problems);
  const result = configSchema.safeParse(parsed.value ?? {});
  if (!result.success) throw new ValidationError(`config ${file}`, zodIssuesToProblems(parsed, result.error.issues));
  return result.data;
}
