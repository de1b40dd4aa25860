// Durations as runbooks write them: `30s`, `5m`, `72h`, `7d`, `1500ms`, `1h30m`.
import { UsageError } from '../errors.js';
import { DURATION_PATTERN } from './schema.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/** Milliseconds in a duration such as `72h` or `1h30m`; a UsageError for anything else. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (!isDuration(trimmed)) {
    throw new UsageError(`"${text}" is not a duration`, { hint: 'Write a number and a unit: 1500ms, 30s, 5m, 72h, 7d, 2w, or a combination such as 1h30m.' });
  }
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(amount) * UNIT_MS[unit];
  return Math.round(total);
}
