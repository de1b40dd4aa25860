// Suggestions for a mistyped exchange id.

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Up to `max` known names closest to `name` (prefix matches first, then edit distance <= 3). */
export function closeNames(name: string, known: readonly string[], max = 5): string[] {
  const wanted = name.toLowerCase();
  const scored = known
    .map((k) => ({ k, d: k.startsWith(wanted) || wanted.startsWith(k) ? 0 : distance(wanted, k) }))
    .filter((s) => s.d <= 3)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  return scored.slice(0, max).map((s) => s.k);
}
