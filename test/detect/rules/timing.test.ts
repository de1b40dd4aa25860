import { describe, expect, it } from 'vitest';
import { dormancyRule } from '../../../src/detect/rules/dormancy.js';
import { unusualHoursRule } from '../../../src/detect/rules/unusual-hours.js';
import type { BundleTrade } from '../../../src/detect/types.js';
import { bundle, DAY, HOUR, runRule, T0, trade } from '../helpers.js';

/** A person trading by hand 09:00-17:00 UTC on weekdays of the baseline. */
const daytime: BundleTrade[] = [];
for (let d = 1; d <= 30; d++) for (let h = 9; h < 17; h++) daytime.push(trade({ id: `d${d}-${h}`, timestamp: T0 - d * DAY + h * HOUR }));
const night = trade({ id: 'n1', timestamp: T0 + 3 * HOUR });
const noon = trade({ id: 'n2', timestamp: T0 + 12 * HOUR });

describe('rule unusual-hours', () => {
  it('flags activity at an hour the account is never active', () => {
    const { findings } = runRule(unusualHoursRule, bundle({ trades: [...daytime, night, noon] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'timing', score: 0.5, tradeIds: ['n1'] });
    expect(findings[0].sentence).toBe("1 fill at 03:00-04:00 UTC, hours that hold 0% of this account's baseline activity.");
  });

  it("respects the operator's usual hours, and needs a baseline", () => {
    expect(runRule(unusualHoursRule, bundle({ trades: [...daytime, night], config: { usualHoursUtc: [2, 3, 4] } })).findings).toEqual([]);
    expect(runRule(unusualHoursRule, bundle({ trades: [night] })).findings).toEqual([]);
  });
});

describe('rule dormancy', () => {
  it('flags activity after 30 days of silence', () => {
    const old = trade({ id: 'o1', timestamp: T0 - 64 * DAY });
    const { findings } = runRule(dormancyRule, bundle({ baseline: { since: T0 - 90 * DAY, until: T0 }, trades: [old, night, noon] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'timing', tradeIds: ['n1', 'n2'] });
    expect(findings[0].sentence).toBe('Activity resumed at 2023-10-24 03:00 UTC after 64 days without any trade, order or withdrawal: 2 fills, 0 orders and 0 withdrawals since.');
  });

  it('does not judge an empty baseline (no history is not the same as a dormant key)', () => {
    const { findings, notes } = runRule(dormancyRule, bundle({ baseline: { since: T0 - 90 * DAY, until: T0 }, trades: [night] }));
    expect(findings).toEqual([]);
    expect(notes[0]).toMatch(/baseline holds no activity/);
  });

  it('does not flag an account in regular use', () => {
    expect(runRule(dormancyRule, bundle({ trades: [...daytime, night] })).findings).toEqual([]);
  });
});
