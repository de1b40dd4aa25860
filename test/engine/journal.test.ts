import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Journal, tipFileOf } from '../../src/engine/journal.js';
import { verifyJournal } from '../../src/engine/journal-verify.js';
import { recordHash } from '../../src/engine/journal-hash.js';
import { clearSecretsForTests, registerSecret } from '../../src/secrets/redact.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-journal-'));
  file = path.join(dir, 'journal.jsonl');
});
afterEach(async () => {
  clearSecretsForTests();
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeSample(count = 5): Promise<void> {
  const journal = await Journal.create(file, 'live');
  for (let i = 1; i <= count; i++) await journal.append('note', { message: `record ${i}` });
  await journal.close();
}

async function lines(): Promise<string[]> {
  return (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
}

async function rewrite(newLines: string[]): Promise<void> {
  await fs.writeFile(file, newLines.map((l) => l + '\n').join(''));
}

describe('journal writer', () => {
  it('chains records by hash, numbers them from 1, stamps the mode and writes mode 0600', async () => {
    const journal = await Journal.create(file, 'dry-run');
    const first = await journal.append('note', { message: 'one' });
    const second = await journal.append('note', { message: 'two' });
    await journal.close();
    expect(first.seq).toBe(1);
    expect(first.prev).toBe('0'.repeat(64));
    expect(second.prev).toBe(first.hash);
    expect(second.mode).toBe('dry-run');
    expect(recordHash(second)).toBe(second.hash);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(tipFileOf(file))).mode & 0o777).toBe(0o600);
    expect((await verifyJournal(file)).ok).toBe(true);
  });

  it('keeps concurrent appends in call order with an unbroken chain', async () => {
    const journal = await Journal.create(file, 'live');
    await Promise.all(Array.from({ length: 20 }, (_, i) => journal.append('note', { message: `n${i}` })));
    await journal.close();
    const records = (await lines()).map((l) => JSON.parse(l) as JournalRecord<'note'>);
    expect(records.map((r) => r.data.message)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
    expect((await verifyJournal(file)).ok).toBe(true);
  });

  it('passes every record through the redactor', async () => {
    registerSecret('s3cr3t-value-xyz');
    const journal = await Journal.create(file, 'live');
    await journal.append('note', { message: 'key is s3cr3t-value-xyz' });
    await journal.append('step.started', { stepId: 'a', uses: 'x.y', effect: 'read', attempt: 1, input: { apiSecret: 'short', other: 'ok' } });
    await journal.close();
    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain('s3cr3t-value-xyz');
    expect(text).toContain('[REDACTED]');
    expect(JSON.parse((await lines())[1]).data.input).toEqual({ apiSecret: '[REDACTED]', other: 'ok' });
  });
});

describe('journal verify', () => {
  it('names an edited record by seq and line', async () => {
    await writeSample();
    const l = await lines();
    l[2] = l[2].replace('record 3', 'record three');
    await rewrite(l);
    const result = await verifyJournal(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 3, line: 3 })]);
  });

  it('names a record that was edited and re-hashed, through the broken chain', async () => {
    await writeSample();
    const l = await lines();
    const record = JSON.parse(l[1]) as JournalRecord<'note'>;
    record.data.message = 'forged';
    record.hash = recordHash(record);
    l[1] = JSON.stringify(record);
    await rewrite(l);
    const result = await verifyJournal(file);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 2, line: 2 })]);
  });

  it('names a removed record in the middle and at the end', async () => {
    await writeSample();
    const l = await lines();
    await rewrite([l[0], l[1], l[3], l[4]]);
    const middle = await verifyJournal(file);
    expect(middle.problems).toEqual([expect.objectContaining({ kind: 'removed', seq: 3, line: 3 })]);
    await rewrite(l.slice(0, 4));
    const end = await verifyJournal(file);
    expect(end.problems).toEqual([expect.objectContaining({ kind: 'removed', seq: 5 })]);
  });

  it('names reordered records', async () => {
    await writeSample();
    const l = await lines();
    await rewrite([l[0], l[1], l[3], l[2], l[4]]);
    const result = await verifyJournal(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'reordered', seq: 3, line: 4 })]);
  });

  it('reports a torn final line apart from tampering', async () => {
    await writeSample(3);
    await fs.appendFile(file, '{"seq":4,"time":"2026-');
    const result = await verifyJournal(file);
    expect(result.ok).toBe(true);
    expect(result.records).toHaveLength(3);
    expect(result.torn).toEqual({ line: 4, offset: expect.any(Number), bytes: 22 });
  });

  it('accepts a tip one record behind (a crash between the record and the tip)', async () => {
    await writeSample(3);
    const tip = JSON.parse(await fs.readFile(tipFileOf(file), 'utf8'));
    const l = await lines();
    await fs.writeFile(tipFileOf(file), JSON.stringify({ seq: 2, hash: JSON.parse(l[1]).hash }));
    expect((await verifyJournal(file)).ok).toBe(true);
    expect(tip.seq).toBe(3);
  });
});
