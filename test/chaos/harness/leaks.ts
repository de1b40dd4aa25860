// Secret leak scan: every file under KIT_HOME (journal, evidence, report, notices, audit log, locks)
// and every output of kit, searched for each simulator key secret as it is, in base64 (standard
// and URL-safe), hex and URL encoding. The scan also proves it is not vacuous: it must have read
// the journal, the report, the audit log and kit's output, and a canary (the incident id, which
// all of these hold) must turn up in each through the same search.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [...new Set([secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase(), encodeURIComponent(secret)])];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

export interface LeakScan {
  /** Where a secret turned up: a file (relative to KIT_HOME) or `output N`, and which form. */
  found: string[];
  /** Every file read (relative to KIT_HOME). */
  files: string[];
  /** Where the canary turned up. */
  canaryIn: string[];
}

/** Scans KIT_HOME and the outputs for the secrets (each at least 8 characters) and for the canary. */
export async function scanForLeaks(kitHome: string, outputs: readonly string[], secrets: readonly string[], canary?: string): Promise<LeakScan> {
  const short = secrets.filter((s) => s.length < 8);
  if (short.length > 0 || secrets.length === 0) throw new Error(`the leak scan needs secrets of 8 characters or more (${secrets.length} given, ${short.length} shorter)`);
  const forms = secrets.flatMap((s) => secretForms(s));
  const result: LeakScan = { found: [], files: [], canaryIn: [] };
  const scan = (where: string, text: string): void => {
    for (const form of forms) if (text.includes(form)) result.found.push(`${where}: a secret (${form.length} chars)`);
    if (canary && text.includes(canary)) result.canaryIn.push(where);
  };
  for (const file of await filesUnder(kitHome)) {
    const rel = path.relative(kitHome, file);
    result.files.push(rel);
    scan(rel, await fs.readFile(file, 'latin1'));
  }
  outputs.forEach((text, i) => scan(`output ${i}`, text));
  return result;
}

/** Where a secret turned up; empty when nothing leaked. */
export async function findLeaks(kitHome: string, outputs: readonly string[], secrets: readonly string[]): Promise<string[]> {
  return (await scanForLeaks(kitHome, outputs, secrets)).found;
}
