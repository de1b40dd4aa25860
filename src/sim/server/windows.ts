// Fixed-window counters, as both exchanges count: the counter resets at the start of each window
// (Binance's minute starts on the minute). Windows are in server-clock milliseconds.

export class FixedWindowCounter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();
  constructor(readonly windowMs: number) {}

  private roll(now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
  }

  used(key: string, now: number): number {
    this.roll(now);
    return this.counts.get(key) ?? 0;
  }

  add(key: string, amount: number, now: number): number {
    this.roll(now);
    const next = (this.counts.get(key) ?? 0) + amount;
    this.counts.set(key, next);
    return next;
  }

  /** Milliseconds until the current window ends. */
  msUntilReset(now: number): number {
    this.roll(now);
    return this.windowStart + this.windowMs - now;
  }

  resetAt(now: number): number {
    this.roll(now);
    return this.windowStart + this.windowMs;
  }
}

/** How an exchange names a window: 60000 -> {num: 1, letter: 'm', name: 'MINUTE'}. */
export function describeWindow(ms: number): { num: number; letter: string; name: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' } {
  if (ms % 86_400_000 === 0) return { num: ms / 86_400_000, letter: 'd', name: 'DAY' };
  if (ms % 3_600_000 === 0) return { num: ms / 3_600_000, letter: 'h', name: 'HOUR' };
  if (ms % 60_000 === 0) return { num: ms / 60_000, letter: 'm', name: 'MINUTE' };
  return { num: Math.max(1, Math.round(ms / 1000)), letter: 's', name: 'SECOND' };
}
