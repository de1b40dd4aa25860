// "When did the trouble start?": the answers a person gives, and what the runbook receives.
import { describe, expect, it } from 'vitest';
import { parseSince, sinceInputValue } from '../../src/wizard/since.js';

const NOW = new Date(2026, 2, 7, 15, 30).getTime(); // 7 March 2026, 15:30 local time
const HOUR = 3_600_000;

function at(text: string): number {
  const parsed = parseSince(text, NOW);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value.at;
}

describe('parseSince', () => {
  it('takes a span back from now, as runbooks write it or in words', () => {
    expect(parseSince('72h', NOW)).toEqual({ ok: true, value: { at: NOW - 72 * HOUR, duration: '72h' } });
    expect(parseSince('90m', NOW)).toEqual({ ok: true, value: { at: NOW - 1.5 * HOUR, duration: '90m' } });
    expect(parseSince('1h30m', NOW)).toEqual({ ok: true, value: { at: NOW - 1.5 * HOUR, duration: '1h30m' } });
    expect(parseSince('3 hours ago', NOW)).toEqual({ ok: true, value: { at: NOW - 3 * HOUR, duration: '3h' } });
    expect(parseSince(' 2 Days ', NOW)).toEqual({ ok: true, value: { at: NOW - 48 * HOUR, duration: '2d' } });
    expect(parseSince('45 min', NOW)).toEqual({ ok: true, value: { at: NOW - 0.75 * HOUR, duration: '45m' } });
  });

  it('takes a clock time today or yesterday, in local time', () => {
    expect(at('14:00')).toBe(new Date(2026, 2, 7, 14, 0).getTime());
    expect(at('today 9:05')).toBe(new Date(2026, 2, 7, 9, 5).getTime());
    expect(at('yesterday 14:00')).toBe(new Date(2026, 2, 6, 14, 0).getTime());
    expect(at('yesterday at 23:59')).toBe(new Date(2026, 2, 6, 23, 59).getTime());
  });

  it('takes an ISO time', () => {
    expect(at('2026-03-07T09:30:00Z')).toBe(Date.UTC(2026, 2, 7, 9, 30));
    expect(at('2026-03-06')).toBe(Date.UTC(2026, 2, 6));
  });

  it('refuses the future, nonsense and nothing, saying what it takes', () => {
    const future = parseSince('16:00', NOW);
    expect(future.ok).toBe(false);
    expect(!future.ok && future.problem).toContain('in the future');
    expect(!future.ok && future.problem).toContain('yesterday 16:00');
    for (const bad of ['', 'last tuesday', '25:00', '0h', '2027-01-01T00:00:00Z', 'soon']) {
      const parsed = parseSince(bad, NOW);
      expect(parsed.ok, bad).toBe(false);
    }
    const nonsense = parseSince('last tuesday', NOW);
    expect(!nonsense.ok && nonsense.problem).toContain('72h, 90m');
  });
});

describe('sinceInputValue', () => {
  it('hands a span over as typed', () => {
    expect(sinceInputValue({ at: NOW - 3 * HOUR, duration: '3h' }, 'duration', NOW)).toBe('3h');
    expect(sinceInputValue({ at: NOW - 3 * HOUR, duration: '3h' }, 'string', NOW)).toBe('3h');
  });

  it('turns a time into the minutes since it (rounded up) for a duration input, or keeps it as ISO', () => {
    const start = { at: NOW - 3 * HOUR - 20_000 };
    expect(sinceInputValue(start, 'duration', NOW)).toBe('181m');
    expect(sinceInputValue(start, 'string', NOW)).toBe(new Date(start.at).toISOString());
  });
});
