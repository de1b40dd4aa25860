// The journal on a disk that refuses writes: records are appended under a file-size limit
// (RLIMIT_FSIZE via prlimit, so a write past it is cut short and then fails with EFBIG, as on a
// full disk) until one fails. That append is refused with a StorageError, the journal refuses
// every later one, and the file still ends at a whole record and verifies.
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../src/engine/journal-verify.js';
import { REPO_ROOT } from './helpers.js';

const SCRIPT = `
import { Journal } from ${JSON.stringify(path.join(REPO_ROOT, 'dist/engine/journal.js'))};
const journal = await Journal.create(process.argv[2], 'live');
const out = { written: 0, first: undefined, later: undefined, failure: undefined };
for (let i = 0; i < 200; i++) {
  try {
    await journal.append('note', { message: 'record ' + i + ' ' + 'x'.repeat(i % 7 * 13) });
    out.written++;
  } catch (error) {
    if (!out.first) out.first = error.name + ': ' + error.message;
    else { out.later = error.name + ': ' + error.message; break; }
  }
}
out.failure = journal.storageFailure?.name;
await journal.close();
console.log(JSON.stringify(out));
`;

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-journal-disk-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe.skipIf(!hasPrlimit)('journal on a full disk', () => {
  it.each([1_000, 2_345, 5_000])('stops at a whole record past %i bytes and refuses every later append', async (limit) => {
    const script = path.join(root, 'append.mjs');
    await fs.writeFile(script, SCRIPT);
    const file = path.join(root, `journal-${limit}.jsonl`);
    const out = JSON.parse(execFileSync('prlimit', [`--fsize=${limit}`, '--', process.execPath, script, file], { encoding: 'utf8' })) as { written: number; first: string; later: string; failure: string };
    expect(out.first).toMatch(/^StorageError: cannot write record \d+ \(note\) of the journal .*EFBIG/);
    expect(out.later).toBe(out.first);
    expect(out.failure).toBe('StorageError');
    const check = await verifyJournal(file);
    expect(check.torn).toBeUndefined();
    expect(check.problems).toEqual([]);
    expect(check.records).toHaveLength(out.written);
    expect((await fs.stat(file)).size).toBeLessThanOrEqual(limit);
  });
});
