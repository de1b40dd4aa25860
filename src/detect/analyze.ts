// analyze(bundle): every rule over one index of the bundle, then labels and a verdict.
// Pure and linear: the index is built once, each rule passes over it a fixed number of times.
import { buildIndex } from './activity-index.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/rule.js';
import type { ActivityBundle, ActivityLabel, AnalysisResult, BundleConfig, Finding } from './types.js';
import { coverages, decideVerdict, labelOf } from './verdict.js';

export interface AnalyzeOptions {
  /** Laid over the bundle's own config (e.g. from `kit analyze --config`). */
  config?: BundleConfig;
  /** For tests: run only these rules. */
  rules?: readonly Rule[];
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function analyze(bundle: ActivityBundle, options: AnalyzeOptions = {}): AnalysisResult {
  const index = buildIndex(bundle, options.config);
  const findings: Finding[] = [];
  for (const rule of options.rules ?? RULES) findings.push(...rule.run({ index, prior: findings }));
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.score - a.score);

  const verdict = decideVerdict(findings, bundle.trades);
  const cover = coverages(findings, bundle.trades, index.orderById);
  const label = <T extends { id: string }>(records: readonly T[], coverage: typeof cover.trades) => {
    const labels: Record<string, ActivityLabel> = {};
    let flagged = 0;
    for (const r of records) {
      const l = labelOf(coverage.get(r.id), verdict.compromised);
      labels[r.id] = l;
      if (l !== 'normal') flagged++;
    }
    return { labels, flagged };
  };
  const trades = label(bundle.trades, cover.trades);
  const orders = label(bundle.orders, cover.orders);
  const withdrawals = label(bundle.withdrawals, cover.withdrawals);
  return {
    format: 'kit-findings',
    version: 1,
    exchange: bundle.exchange,
    account: bundle.account,
    window: bundle.window,
    verdict,
    findings,
    labels: { trades: trades.labels, orders: orders.labels, withdrawals: withdrawals.labels },
    counts: {
      trades: bundle.trades.length,
      orders: bundle.orders.length,
      withdrawals: bundle.withdrawals.length,
      flaggedTrades: trades.flagged,
      flaggedOrders: orders.flagged,
      flaggedWithdrawals: withdrawals.flagged,
    },
    ...(index.notes.length > 0 ? { notes: [...new Set(index.notes)] } : {}),
  };
}
