// Timestamps must be milliseconds since the epoch (ccxt's unit). A value in seconds or
// microseconds is the commonest mistake in a hand-made bundle, and a bundle mixing units
// would put records years apart: both are caught and named.

export type TimeUnit = 'ms' | 's' | 'us' | 'ns' | 'invalid';

/** Which unit a positive epoch timestamp is most plausibly in (for any date 1973..5138). */
export function timestampUnit(ts: number): TimeUnit {
  if (!Number.isFinite(ts) || ts <= 0) return 'invalid';
  if (ts < 1e11) return 's';
  if (ts < 1e14) return 'ms';
  if (ts < 1e17) return 'us';
  return 'ns';
}

const UNIT_NAMES: Record<Exclude<TimeUnit, 'ms' | 'invalid'>, { name: string; toMs: (v: number) => number }> = {
  s: { name: 'seconds', toMs: (v) => Math.round(v * 1000) },
  us: { name: 'microseconds', toMs: (v) => Math.floor(v / 1000) },
  ns: { name: 'nanoseconds', toMs: (v) => Math.floor(v / 1e6) },
};

/** The problem with a timestamp, or undefined when it is whole milliseconds. */
export function timestampProblem(field: string, ts: number): string | undefined {
  const unit = timestampUnit(ts);
  if (unit === 'ms') return Number.isInteger(ts) ? undefined : `${field} must be whole milliseconds, got ${ts}`;
  if (unit === 'invalid') return `${field} must be a positive time in milliseconds since 1970-01-01 UTC, got ${ts}`;
  const { name, toMs } = UNIT_NAMES[unit];
  return `${field} looks like ${name} (${ts}) — use milliseconds (${toMs(ts)})`;
}

export function unitName(unit: TimeUnit): string {
  return unit === 'ms' ? 'milliseconds' : unit === 'invalid' ? 'invalid' : UNIT_NAMES[unit].name;
}
