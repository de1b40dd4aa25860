// Counting records in a sliding time window, linearly: two pointers over a time-sorted list.

/** The busiest `spanMs` window's count in a sorted list of timestamps. */
export function peakCount(records: readonly { timestamp: number }[], spanMs: number): number {
  let left = 0;
  let peak = 0;
  for (let right = 0; right < records.length; right++) {
    while (records[right].timestamp - records[left].timestamp >= spanMs) left++;
    peak = Math.max(peak, right - left + 1);
  }
  return peak;
}

/**
 * Records inside any `spanMs` window holding more than `limit` records, and the peak
 * (count and when). Each record is marked once, so the cost stays linear.
 */
export function recordsInCrowdedWindows<T extends { timestamp: number }>(records: readonly T[], spanMs: number, limit: number): { crowded: T[]; peak: number; peakAt: number } {
  const crowded: T[] = [];
  let left = 0;
  let markedUpTo = -1;
  let peak = 0;
  let peakAt = 0;
  for (let right = 0; right < records.length; right++) {
    while (records[right].timestamp - records[left].timestamp >= spanMs) left++;
    const count = right - left + 1;
    if (count > peak) {
      peak = count;
      peakAt = records[left].timestamp;
    }
    if (count > limit) {
      for (let i = Math.max(left, markedUpTo + 1); i <= right; i++) crowded.push(records[i]);
      markedUpTo = right;
    }
  }
  return { crowded, peak, peakAt };
}
