// `30s`, `2m`, `1500ms`, `1h30m` (the runbook duration syntax), or a number of milliseconds.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function durationMs(value: string | number): number {
  if (typeof value === 'number') return value;
  let total = 0;
  const rest = value.replace(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g, (_, n: string, unit: string) => {
    total += Number(n) * UNIT_MS[unit];
    return '';
  });
  if (rest.trim() !== '' || value.trim() === '') throw new Error(`"${value}" is not a duration such as 30s, 5m or 1500ms`);
  return total;
}
