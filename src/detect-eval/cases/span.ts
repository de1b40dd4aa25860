// The window under investigation and the baseline before it, from the window's first day.
import { DAY } from '../market-path.js';

export function span(startUtc: number, windowDays: number, baselineDays: number) {
  return { window: { since: startUtc, until: startUtc + windowDays * DAY }, baseline: { since: startUtc - baselineDays * DAY, until: startUtc } };
}
