// Reads an activity bundle or a detection config from disk: the only file access detection
// needs, kept out of src/detect (which stays pure). Every failure is a typed error with a hint.
import { constants as bufferConstants } from 'node:buffer';
import { createReadStream, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { asValidationError, validateBundle } from '../detect/bundle.js';
import { BundleStreamParser } from '../detect/bundle-stream.js';
import { configSchema } from '../detect/bundle-schema.js';
import type { ActivityBundle, BundleConfig } from '../detect/types.js';
import { UsageError, ValidationError } from '../errors.js';
import { parseYamlLocated, zodIssuesToProblems } from '../util/yaml-located.js';

const BUNDLE_HINT = 'Give the path of a bundle written by exchange.fetch-activity (in the incident\'s evidence folder), or write one by hand: see the README, "Activity bundle format".';

/** The file's size, or a UsageError saying why it cannot be read. */
async function checkReadable(file: string, what: string, hint: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UsageError(`${what} ${file} is a folder, not a file`, { hint });
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`, { hint });
  }
}

async function readText(file: string, what: string, hint: string): Promise<string> {
  const size = await checkReadable(file, what, hint);
  // A config must fit in one JavaScript string (about 512 MB); it is never near that.
  if (size > bufferConstants.MAX_STRING_LENGTH) throw new UsageError(`${what} ${file} is ${Math.round(size / 1e6)} MB, too large`, { hint });
  return readFile(file, 'utf8');
}

/**
 * Reads a bundle file as a stream: memory holds the records and one chunk, never the whole text.
 * Chunks of 8 MB: measured on a million trades, smaller chunks cost more time and, through the
 * garbage of many small reads, more peak memory (64 KB: 2.2 GB; 1 MB: 1.1 GB; 8 MB: 0.8 GB).
 */
export async function readBundleFile(file: string): Promise<ActivityBundle> {
  await checkReadable(file, 'the activity bundle', BUNDLE_HINT);
  const parser = new BundleStreamParser(file);
  let value: unknown;
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 8 << 20 })) parser.write(chunk as string);
    value = parser.end();
  } catch (error) {
    throw asValidationError(error, file);
  }
  // The text is read again only when there are problems to locate (and only if it fits in a string).
  return validateBundle(value, file, () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  });
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
