// Wording for findings: numbers, prices, ratios and times as a person reads them.

const wholeFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const unitFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const smallFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** 41000 -> "41,000"; 873.913 -> "873.91"; 0.000270706 -> "0.000271"; 26977.5 -> "26,978". */
export function amount(value: number): string {
  const size = Math.abs(value);
  if (size >= 1000) return wholeFormat.format(value);
  if (size >= 1) return unitFormat.format(value);
  return smallFormat.format(value);
}

/** How far a price is from a reference: "100x" for multiples, "35%" otherwise. */
export function ratioText(price: number, reference: number): string {
  const r = price / reference;
  if (r >= 2) return `${amount(Math.round(r * 10) / 10)}x`;
  if (r >= 1) return `${Math.round((r - 1) * 100)}% above`;
  return `${Math.round((1 - r) * 100)}% below`;
}

export function percent(share: number): string {
  const p = share * 100;
  return p > 0 && p < 1 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

/** "2018-03-07 14:58 UTC" */
export function time(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** "2 minutes", "46 hours", "64 days". */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return plural(Math.max(1, minutes), 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (hours < 72) return plural(hours, 'hour');
  return plural(Math.round(ms / 86_400_000), 'day');
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${amount(count)} ${count === 1 ? word : many}`;
}

/** "ADA, LTC and XRP" */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** [0,1,2,3,18,19] -> "00:00-04:00 and 18:00-20:00" (UTC hours as ranges). */
export function hourRanges(hours: readonly number[]): string {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  const ranges: string[] = [];
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(`${hh(sorted[i])}-${hh(sorted[j] + 1)}`);
    i = j + 1;
  }
  return list(ranges);
}
