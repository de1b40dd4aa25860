// Global setup of the chaos run: a file the tests append their tallies to, and at the end the
// summary table. Records lost, duplicate writes and secrets leaked must all be 0; the tests
// assert that themselves, and the table fails the run too if any is not.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { summaryTable } from './table.js';
import type { TallyRow } from './tally.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-chaos-tally-'));
  const file = path.join(dir, 'tally.jsonl');
  project.provide('chaosTallyFile', file);
  return () => {
    let rows: TallyRow[] = [];
    try {
      rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as TallyRow);
    } catch {
      rows = [];
    }
    rmSync(dir, { recursive: true, force: true });
    const { text, clean } = summaryTable(rows);
    process.stdout.write(`\n${text}\n`);
    if (!clean) process.exitCode = 1;
  };
}
