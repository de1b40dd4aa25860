// Signed durations for scenario times: `-3h` is three hours before the scenario's "now",
// `+30s` thirty seconds after the simulator starts, `90d` a plain length.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const SIGNED_DURATION_PATTERN = /^[+-]?(\d+(\.\d+)?(ms|s|m|h|d|w))+$/;

/** Milliseconds for `1h30m`, `-3h`, `+45s`, `500ms`; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!SIGNED_DURATION_PATTERN.test(trimmed)) return undefined;
  const sign = trimmed.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of trimmed.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return sign * Math.round(total);
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
