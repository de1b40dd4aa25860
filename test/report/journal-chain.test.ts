import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, GENESIS_HASH, readJournal, recordHash } from '../../src/report/journal-chain.js';
import { JournalBuilder } from '../../src/bench/journal-writer.js';

describe('canonical JSON (README "Reports")', () => {
  it('sorts keys recursively, keeps array order, has no whitespace and uses JSON.stringify for scalars', () => {
    const value = { b: [3, { z: 1, a: 'x' }], a: { d: null, c: 'é"\n' }, e: true, f: 1.5, u: undefined };
    expect(canonicalJson(value)).toBe('{"a":{"c":"é\\"\\n","d":null},"b":[3,{"a":"x","z":1}],"e":true,"f":1.5}');
  });

  it('hashes a record as SHA-256 of the canonical JSON of seq, time, type, mode, data, prev (not hash)', () => {
    const record = { seq: 1, time: '2025-03-07T15:04:11.250Z', type: 'note' as const, mode: 'live' as const, data: { message: 'hi', level: 'info' as const }, prev: GENESIS_HASH };
    // Written out by hand, independently of canonicalJson, so the algorithm itself is pinned.
    const text = `{"data":{"level":"info","message":"hi"},"mode":"live","prev":"${'0'.repeat(64)}","seq":1,"time":"2025-03-07T15:04:11.250Z","type":"note"}`;
    expect(recordHash(record)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-journal-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

function chain(): string {
  const journal = new JournalBuilder('live');
  const t = Date.UTC(2025, 0, 1);
  journal.append('note', t, { message: 'one' });
  journal.append('note', t + 1000, { message: 'two' });
  journal.append('note', t + 2000, { message: 'three' });
  return journal.text();
}

async function read(text: string) {
  const file = path.join(dir, `${Math.random().toString(16).slice(2)}.jsonl`);
  await fs.writeFile(file, text);
  return readJournal(file);
}

describe('reading a journal for the report', () => {
  it('verifies an intact journal', async () => {
    expect((await read(chain())).chain).toEqual({ ok: true, records: 3, problems: [] });
  });

  it('finds a record whose content was changed, by line', async () => {
    const result = await read(chain().replace('"two"', '"TWO"'));
    expect(result.chain.ok).toBe(false);
    expect(result.chain.problems).toEqual([{ line: 2, message: expect.stringMatching(/was edited/) }]);
    expect(result.records).toHaveLength(3);
  });

  it('finds a removed record', async () => {
    const lines = chain().trim().split('\n');
    const result = await read([lines[0], lines[2]].join('\n') + '\n');
    expect(result.chain.ok).toBe(false);
    expect(result.chain.problems.map((p) => p.message).join(' ')).toMatch(/record seq 2 is missing/);
  });

  it('keeps the readable records when the last line was torn by a crash', async () => {
    const result = await read(chain() + '{"seq":4,"time":"2025-01-01T00:00:03.000Z","ty');
    expect(result.records).toHaveLength(3);
    expect(result.tornLine).toBe(4);
  });

  it('calls an empty journal broken', async () => {
    expect((await read('')).chain.ok).toBe(false);
  });
});
