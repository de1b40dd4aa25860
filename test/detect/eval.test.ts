import { describe, expect, it } from 'vitest';
import { attackCaseMakers, attackCases } from '../../src/detect-eval/cases/attacks.js';
import { cleanCaseMakers, cleanCases } from '../../src/detect-eval/cases/clean.js';
import { scoreCase } from '../../src/detect-eval/score.js';

describe('detection accuracy on the labeled cases', () => {
  for (const c of [...attackCases(), ...cleanCases()]) {
    it(`${c.name}: ${c.expectClean ? 'no compromise verdict' : 'precision and recall >= 0.95'}`, () => {
      const score = scoreCase(c);
      expect(score.failure, JSON.stringify(score)).toBeUndefined();
    });
  }
});

describe('the targets hold for other seeds, not only the default ones', () => {
  for (const make of [...attackCaseMakers, ...cleanCaseMakers]) {
    it(make.name, () => {
      for (const seed of [11, 4242]) {
        const score = scoreCase(make(seed));
        expect(score.failure, `seed ${seed}: ${JSON.stringify(score)}`).toBeUndefined();
      }
    });
  }
});

describe('what keeps the clean cases clean', () => {
  it('the market-move guard: without it the grid bot in a market-wide pump is "off-price"', async () => {
    const { marketPumpCase } = await import('../../src/detect-eval/cases/clean.js');
    const { analyze } = await import('../../src/detect/analyze.js');
    const c = marketPumpCase();
    expect(analyze(c.bundle).findings.filter((f) => f.rule === 'off-price')).toEqual([]);
    const unguarded = analyze(c.bundle, { config: { thresholds: { marketMoveOwnVolumeShare: 0 } } });
    expect(unguarded.findings.filter((f) => f.rule === 'off-price').length).toBeGreaterThan(0);
  });

  it("operatorSymbols: without it the bot's first trades in the new coin are a new, illiquid market", async () => {
    const { newOperatorSymbolCase } = await import('../../src/detect-eval/cases/clean.js');
    const { analyze } = await import('../../src/detect/analyze.js');
    const c = newOperatorSymbolCase();
    const without = analyze({ ...c.bundle, config: { ...c.bundle.config, operatorSymbols: ['BTC/USDT', 'ETH/USDT'] } });
    expect(without.findings.find((f) => f.rule === 'new-market')).toMatchObject({ severity: 'high' });
  });
});
