import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/report/canonical-json.js';
import { GENESIS_PREV, parseJournal, recordHash } from '../../src/report/journal-chain.js';
import { JournalBuilder } from '../../src/bench/journal-writer.js';

describe('canonical JSON', () => {
  it('sorts keys recursively, keeps array order, has no whitespace and uses JSON.stringify for scalars', () => {
    const value = { b: [3, { z: 1, a: 'x' }], a: { d: null, c: 'é"\n' }, e: true, f: 1.5, u: undefined };
    expect(canonicalJson(value)).toBe('{"a":{"c":"é\\"\\n","d":null},"b":[3,{"a":"x","z":1}],"e":true,"f":1.5}');
  });

  it('hashes a record as SHA-256 of the canonical JSON of seq, time, type, mode, data, prev (not hash)', () => {
    const record = { seq: 1, time: '2025-03-07T15:04:11.250Z', type: 'note' as const, mode: 'live' as const, data: { message: 'hi', level: 'info' as const }, prev: GENESIS_PREV };
    // Written out by hand, independently of canonicalJson, so the algorithm itself is pinned.
    const text = `{"data":{"level":"info","message":"hi"},"mode":"live","prev":"${'0'.repeat(64)}","seq":1,"time":"2025-03-07T15:04:11.250Z","type":"note"}`;
    expect(recordHash(record)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});

function chain(): string {
  const journal = new JournalBuilder('live');
  const t = Date.UTC(2025, 0, 1);
  journal.append('note', t, { message: 'one' });
  journal.append('note', t + 1000, { message: 'two' });
  journal.append('note', t + 2000, { message: 'three' });
  return journal.text();
}

describe('journal hash chain', () => {
  it('verifies an intact journal', () => {
    const read = parseJournal(chain());
    expect(read.chain).toEqual({ ok: true, records: 3, problems: [] });
  });

  it('finds a record whose content was changed', () => {
    const text = chain().replace('"two"', '"TWO"');
    const read = parseJournal(text);
    expect(read.chain.ok).toBe(false);
    expect(read.chain.problems).toEqual([{ line: 2, message: expect.stringContaining('hash does not match') }]);
  });

  it('finds a removed record (seq gap and broken prev link)', () => {
    const lines = chain().trim().split('\n');
    const read = parseJournal([lines[0], lines[2]].join('\n') + '\n');
    expect(read.chain.problems.map((p) => p.line)).toEqual([2, 2]);
    expect(read.chain.problems[0].message).toMatch(/seq is 3, expected 2/);
    expect(read.chain.problems[1].message).toMatch(/prev does not match/);
  });

  it('reports a torn last line and keeps the readable records', () => {
    const text = chain() + '{"seq":4,"time":"2025-01-01T00:00:03.000Z","ty';
    const read = parseJournal(text);
    expect(read.records).toHaveLength(3);
    expect(read.chain.problems).toEqual([{ line: 4, message: expect.stringMatching(/not valid JSON/) }]);
  });

  it('calls an empty journal broken', () => {
    expect(parseJournal('').chain.ok).toBe(false);
  });
});
