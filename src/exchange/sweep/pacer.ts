// Pacing by the exchange's REAL limits. Each limit is a bucket (e.g. Binance REQUEST_WEIGHT
// 6000 per minute, Bybit 600 requests per 5 s per IP, 50/s per endpoint). A request is sent only
// when, in every bucket it counts against, the weight sent in the last window plus its own stays
// within `safety` x limit: a sliding window over what kit itself sent, which keeps every fixed or
// rolling server window under the limit too. The exchange's own usage headers raise the count
// when something else shares the limit (another process on the same IP). A 429/418 pauses every
// bucket until Retry-After. Several requests may be in flight at once.
import type { Clock } from '../clock.js';

export interface BucketSpec {
  name: string;
  limit: number;
  windowMs: number;
  /**
   * `fixed`: the exchange counts in windows aligned to the epoch (Binance's minute starts on the
   * minute), so the whole budget is available again at each window start. `sliding` (default)
   * assumes nothing about where the exchange's windows start.
   */
  mode?: 'fixed' | 'sliding';
}

interface Sent {
  at: number;
  weight: number;
}

export class Bucket {
  readonly name: string;
  limit: number;
  windowMs: number;
  readonly mode: 'fixed' | 'sliding';
  private sent: Sent[] = [];
  private sum = 0;
  /** Server-reported usage, valid until the end of the server window it was seen in. */
  private reported?: { used: number; at: number; validUntil: number; sentAfter: number };

  constructor(spec: BucketSpec) {
    this.name = spec.name;
    this.limit = spec.limit;
    this.windowMs = spec.windowMs;
    this.mode = spec.mode ?? 'sliding';
  }

  private windowEnd(now: number): number {
    return Math.floor(now / this.windowMs) * this.windowMs + this.windowMs;
  }

  private prune(now: number): void {
    // Sliding: forget what left the last windowMs. Fixed: forget what was sent before this window.
    const cutoff = this.mode === 'fixed' ? this.windowEnd(now) - this.windowMs - 1 : now - this.windowMs;
    let drop = 0;
    while (drop < this.sent.length && this.sent[drop].at <= cutoff) {
      this.sum -= this.sent[drop].weight;
      drop++;
    }
    if (drop > 0) this.sent.splice(0, drop);
    if (this.sent.length === 0) this.sum = 0;
    if (this.reported && now >= this.reported.validUntil) this.reported = undefined;
  }

  /** Weight counted against the limit at `now`. */
  used(now: number): number {
    this.prune(now);
    const reported = this.reported ? this.reported.used + this.reported.sentAfter : 0;
    return Math.max(this.sum, reported);
  }

  /** Milliseconds until `weight` more fits under `budget` (0 = now). */
  waitFor(weight: number, budget: number, now: number): number {
    this.prune(now);
    let wait = 0;
    if (this.mode === 'fixed' && this.sum + weight > budget) {
      wait = this.windowEnd(now) - now;
    } else if (this.sum + weight > budget) {
      // Walk the log: once enough of kit's own old weight expires, the request fits.
      const over = this.sum + weight - budget;
      let freed = 0;
      for (const s of this.sent) {
        freed += s.weight;
        if (freed >= over) {
          wait = Math.max(1, s.at + this.windowMs - now + 1);
          break;
        }
      }
    }
    if (this.reported && this.reported.used + this.reported.sentAfter + weight > budget) {
      // The exchange counts more than kit sent: wait for its window to end.
      wait = Math.max(wait, this.reported.validUntil - now);
    }
    return wait;
  }

  take(weight: number, now: number): void {
    this.sent.push({ at: now, weight });
    this.sum += weight;
    if (this.reported) this.reported.sentAfter += weight;
  }

  /** The exchange says `used` weight is counted in its current window (fixed windows aligned to the epoch). */
  report(used: number, now: number): void {
    this.reported = { used, at: now, validUntil: this.windowEnd(now), sentAfter: 0 };
  }

  /**
   * A new limit or window length (the exchange declared its own). A usage report already held
   * was valid until the end of its window as the exchange counts it, so its end moves too: kept
   * with the old length, a report from a 1 s window would hold requests for up to a minute.
   */
  resize(limit: number, windowMs: number): void {
    this.limit = limit;
    this.windowMs = windowMs;
    if (this.reported) this.reported.validUntil = this.windowEnd(this.reported.at);
  }
}

export interface PacerOptions {
  clock: Clock;
  /** Share of each limit kit allows itself (default 0.95). */
  safety?: number;
  /** Requests in flight at once (default 6). */
  maxInFlight?: number;
}

export interface PacerStats {
  requests: number;
  weight: Record<string, number>;
  throttledMs: number;
  backoffs: number;
  rejections: number;
}

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly safety: number;
  maxInFlight: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private queue: Array<() => void> = [];
  private gate: Promise<void> = Promise.resolve();
  readonly stats: PacerStats = { requests: 0, weight: {}, throttledMs: 0, backoffs: 0, rejections: 0 };

  constructor(buckets: BucketSpec[], options: PacerOptions) {
    for (const spec of buckets) this.buckets.set(spec.name, new Bucket(spec));
    this.clock = options.clock;
    this.safety = options.safety ?? 0.95;
    this.maxInFlight = options.maxInFlight ?? 6;
  }

  bucket(name: string): Bucket | undefined {
    return this.buckets.get(name);
  }

  setLimit(name: string, limit: number, windowMs: number, mode?: 'fixed' | 'sliding'): void {
    const existing = this.buckets.get(name);
    if (existing && (mode === undefined || existing.mode === mode)) {
      existing.resize(limit, windowMs);
    } else {
      this.buckets.set(name, new Bucket({ name, limit, windowMs, mode }));
    }
  }

  /**
   * Waits until a request of the given weights may be sent, then counts it. Acquisitions are
   * served in order (one gate), so a heavy request is not starved by light ones.
   */
  acquire(weights: Record<string, number>, signal?: AbortSignal): Promise<void> {
    const turn = this.gate.then(() => this.admit(weights, signal));
    this.gate = turn.catch(() => undefined);
    return turn;
  }

  private async admit(weights: Record<string, number>, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (this.inFlight >= this.maxInFlight) {
        await new Promise<void>((resolve) => this.queue.push(resolve));
        continue;
      }
      const now = this.clock.now();
      let wait = Math.max(0, this.pausedUntil - now);
      for (const [name, weight] of Object.entries(weights)) {
        const bucket = this.buckets.get(name);
        if (bucket) wait = Math.max(wait, bucket.waitFor(weight, Math.floor(bucket.limit * this.safety), now));
      }
      if (wait === 0) break;
      this.stats.throttledMs += wait;
      await this.clock.sleep(wait, signal);
    }
    const now = this.clock.now();
    for (const [name, weight] of Object.entries(weights)) {
      this.buckets.get(name)?.take(weight, now);
      this.stats.weight[name] = (this.stats.weight[name] ?? 0) + weight;
    }
    this.stats.requests++;
    this.inFlight++;
  }

  /** A request finished (answered or failed). */
  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.queue.shift()?.();
  }

  /** The exchange rejected us for rate (429/418): nothing is sent until `retryAfterMs` has passed. */
  backoff(retryAfterMs: number): void {
    this.stats.rejections++;
    this.stats.backoffs++;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(retryAfterMs, 1000));
  }

  reportUsed(name: string, used: number): void {
    this.buckets.get(name)?.report(used, this.clock.now());
  }
}
