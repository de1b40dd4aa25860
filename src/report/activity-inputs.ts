// Finds the activity bundles and findings of an incident through its journal: the outputs
// `bundlePath` / `findingsPath` of succeeded steps first, then any evidence file named
// bundle.json / findings.json. An incident over several accounts has one pair per account.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JournalRecord } from '../engine/journal-types.js';
import type { ActivityBundle, AnalysisResult } from '../detect/types.js';
import { resolveInside } from './incident-paths.js';

export interface AccountInputs {
  exchange: string;
  account: string;
  bundle?: ActivityBundle;
  bundlePath?: string;
  findings?: AnalysisResult;
  findingsPath?: string;
}

export interface ActivityInputs {
  accounts: AccountInputs[];
  notes: string[];
  /** SHA-256 of the files read here (path relative to the incident folder), so the evidence check need not read them again. */
  hashes: Map<string, string>;
}

export function locateActivityFiles(records: readonly JournalRecord[]): { bundles: string[]; findings: string[] } {
  const bundles = new Set<string>();
  const findings = new Set<string>();
  for (const record of records) {
    if (record.type !== 'step.succeeded') continue;
    const outputs = (record as JournalRecord<'step.succeeded'>).data.outputs ?? {};
    if (typeof outputs.bundlePath === 'string') bundles.add(outputs.bundlePath);
    if (typeof outputs.findingsPath === 'string') findings.add(outputs.findingsPath);
  }
  for (const record of records) {
    if (record.type !== 'evidence.written') continue;
    const file = (record as JournalRecord<'evidence.written'>).data.path;
    const name = path.posix.basename(file);
    if (name === 'bundle.json' && bundles.size === 0) bundles.add(file);
    if (name === 'findings.json' && findings.size === 0) findings.add(file);
  }
  return { bundles: [...bundles], findings: [...findings] };
}

export async function loadActivityInputs(incidentDir: string, records: readonly JournalRecord[]): Promise<ActivityInputs> {
  const located = locateActivityFiles(records);
  const notes: string[] = [];
  const hashes = new Map<string, string>();
  const byAccount = new Map<string, AccountInputs>();
  const slot = (exchange: string, account: string): AccountInputs => {
    const key = `${exchange}\u0000${account}`;
    let entry = byAccount.get(key);
    if (!entry) byAccount.set(key, (entry = { exchange, account }));
    return entry;
  };
  const load = async (rel: string, what: string, format: string, list: string): Promise<Record<string, unknown> | undefined> => {
    const value = await readJsonInside(incidentDir, rel, notes, what, hashes);
    if (!value) return undefined;
    if (value.format === format && value.version === 1 && Array.isArray(value[list])) return value;
    notes.push(`${rel} is not a version-1 ${what} (format ${JSON.stringify(value.format)}, version ${JSON.stringify(value.version)}); it is left out.`);
    return undefined;
  };
  for (const rel of located.bundles) {
    const bundle = (await load(rel, 'activity bundle', 'kit-activity-bundle', 'trades')) as ActivityBundle | undefined;
    if (bundle) Object.assign(slot(String(bundle.exchange), String(bundle.account)), { bundle, bundlePath: rel });
  }
  for (const rel of located.findings) {
    const findings = (await load(rel, 'findings file', 'kit-findings', 'findings')) as AnalysisResult | undefined;
    if (findings) Object.assign(slot(String(findings.exchange), String(findings.account)), { findings, findingsPath: rel });
  }
  if (located.bundles.length === 0) notes.push('No activity bundle in this incident (no exchange.fetch-activity step succeeded): the account\'s activity is not shown.');
  if (located.findings.length === 0) notes.push('No findings in this incident (no activity.flag step succeeded): no activity is flagged.');
  return { accounts: [...byAccount.values()], notes, hashes };
}

async function readJsonInside(incidentDir: string, rel: string, notes: string[], what: string, hashes: Map<string, string>): Promise<Record<string, unknown> | undefined> {
  const file = resolveInside(incidentDir, rel);
  if (!file) {
    notes.push(`The journal names the ${what} "${rel}", which is outside the incident folder; it was not read.`);
    return undefined;
  }
  let text: string;
  try {
    const bytes = await fs.readFile(file);
    hashes.set(rel, createHash('sha256').update(bytes).digest('hex'));
    text = bytes.toString('utf8');
  } catch (error) {
    notes.push(`The ${what} ${rel} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    notes.push(`The ${what} ${rel} is not a JSON object.`);
  } catch {
    notes.push(`The ${what} ${rel} is not valid JSON.`);
  }
  return undefined;
}
