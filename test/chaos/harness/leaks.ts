// Secret leak scan: every file under KIT_HOME and every output of kit, searched for each
// simulator key secret as it is, in base64 (standard and URL-safe), hex and URL-encoded.
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

/** Where a secret turned up: `file` or `output`, and which form. Empty when nothing leaked. */
export async function findLeaks(kitHome: string, outputs: readonly string[], secrets: readonly string[]): Promise<string[]> {
  const forms = secrets.filter((s) => s.length >= 8).flatMap((s) => secretForms(s));
  const found: string[] = [];
  const scan = (where: string, text: string): void => {
    for (const form of forms) if (text.includes(form)) found.push(`${where}: a secret (${form.length} chars)`);
  };
  for (const file of await filesUnder(kitHome)) scan(path.relative(kitHome, file), await fs.readFile(file, 'latin1'));
  outputs.forEach((text, i) => scan(`output ${i}`, text));
  return found;
}
