// "When did the trouble start?" as a frightened person answers it: a span back from now
// (`90m`, `3h`, `3 hours`, `2 days ago`), a clock time (`14:00`, `yesterday 14:00`), or an ISO
// time. Pure: the caller passes "now", so tests and the plan see the same instant.
import { isDuration, parseDuration } from '../runbook/duration.js';

export interface StartTime {
  /** Epoch ms of the start. */
  at: number;
  /** Set when the answer was a span back from now, in runbook form (`3h`, `1h30m`). */
  duration?: string;
}

export type SinceParse = { ok: true; value: StartTime } | { ok: false; problem: string };

export const SINCE_EXAMPLES = '72h, 90m, 3 hours, yesterday 14:00, 2026-03-07T09:30Z';

const WORD_UNITS: Array<[RegExp, string]> = [
  [/^(ms|milliseconds?)$/, 'ms'],
  [/^(s|secs?|seconds?)$/, 's'],
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
  [/^(w|wks?|weeks?)$/, 'w'],
];

/** `3 hours ago`, `90 min`, `2d` -> `3h`, `90m`, `2d`; undefined when it is not a span. */
function spanOf(text: string): string | undefined {
  const compact = text.replace(/\s+ago$/, '').trim();
  if (isDuration(compact)) return compact;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(compact);
  if (!m) return undefined;
  const unit = WORD_UNITS.find(([pattern]) => pattern.test(m[2]))?.[1];
  return unit ? `${m[1]}${unit}` : undefined;
}

/** `14:00`, `today 9:30`, `yesterday 14:00` in local time. */
function clockTimeOf(text: string, now: number): number | undefined {
  const m = /^(?:(today|yesterday)\s+)?(?:at\s+)?(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [hours, minutes] = [Number(m[2]), Number(m[3])];
  if (hours > 23 || minutes > 59) return Number.NaN;
  const day = new Date(now);
  if (m[1] === 'yesterday') day.setDate(day.getDate() - 1);
  day.setHours(hours, minutes, 0, 0);
  return day.getTime();
}

export function parseSince(raw: string, now: number): SinceParse {
  const text = raw.trim().toLowerCase();
  if (text === '') return { ok: false, problem: `say when the trouble started, for example ${SINCE_EXAMPLES}` };
  const span = spanOf(text);
  if (span) {
    const ms = parseDuration(span);
    if (ms <= 0) return { ok: false, problem: `"${raw}" is no time at all; for example 72h` };
    return { ok: true, value: { at: now - ms, duration: span } };
  }
  const clock = clockTimeOf(text, now);
  const at = clock ?? (/^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(raw.trim()) : Number.NaN);
  if (Number.isNaN(at)) return { ok: false, problem: `"${raw}" is not a time kit understands; write for example ${SINCE_EXAMPLES}` };
  if (at > now) return { ok: false, problem: `${new Date(at).toISOString()} is in the future; give when the trouble started${clock !== undefined ? ' (for example yesterday ' + text.replace(/^today\s+/, '') + ')' : ''}` };
  return { ok: true, value: { at } };
}

/**
 * The value for the runbook's `since` input: a `duration` input takes a span (a time becomes the
 * minutes since it, rounded up, so nothing is left out); any other type takes the span as typed
 * or the ISO time.
 */
export function sinceInputValue(start: StartTime, inputType: string, now: number): string {
  if (start.duration) return start.duration;
  if (inputType === 'duration') return `${Math.max(1, Math.ceil((now - start.at) / 60_000))}m`;
  return new Date(start.at).toISOString();
}

/** For the plan: `72h (since 2026-03-04 09:30 UTC)`. */
export function describeStart(start: StartTime): string {
  const iso = new Date(start.at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return start.duration ? `the last ${start.duration} (since ${iso})` : `since ${iso}`;
}
