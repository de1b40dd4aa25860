// Fault injection from the scenario: latency with jitter, a share of 5xx answers, dropped
// connections, answers that never come, rate-limit bursts. Decisions draw from a seeded generator,
// so a given request sequence meets the same faults every run.
import type { Prng } from '../util/prng.js';
import { parseDuration } from '../util/duration.js';
import type { ScenarioSpec } from '../scenario/schema.js';

export type FaultKind = 'drop' | 'hang' | 'server-error' | 'rate-limit-burst';

export class FaultPlan {
  private readonly fixedMs: number;
  private readonly jitterMs: number;
  private readonly bursts: Array<{ start: number; end: number }>;

  constructor(private readonly spec: ScenarioSpec, private readonly prng: Prng, anchor: number) {
    this.fixedMs = parseDuration(spec.latency.fixed) ?? 0;
    this.jitterMs = parseDuration(spec.latency.jitter) ?? 0;
    this.bursts = spec.faults.rateLimitBursts.map((b) => {
      const start = anchor + (parseDuration(b.at) ?? 0);
      return { start, end: start + (parseDuration(b.duration) ?? 0) };
    });
  }

  /** The fault for this request, if any. */
  decide(now: number): FaultKind | undefined {
    const f = this.spec.faults;
    if (this.bursts.some((b) => now >= b.start && now < b.end)) return 'rate-limit-burst';
    if (f.dropShare > 0 && this.prng.chance(f.dropShare)) return 'drop';
    if (f.hangShare > 0 && this.prng.chance(f.hangShare)) return 'hang';
    if (f.serverErrorShare > 0 && this.prng.chance(f.serverErrorShare)) return 'server-error';
    return undefined;
  }

  /** Delay before this answer is sent, ms. */
  latency(): number {
    if (this.fixedMs === 0 && this.jitterMs === 0) return 0;
    return this.fixedMs + (this.jitterMs > 0 ? this.prng.next() * this.jitterMs : 0);
  }
}

export function clockOffsetMs(spec: ScenarioSpec): number {
  return parseDuration(spec.faults.clockOffset) ?? 0;
}
