// Default detection thresholds, from the rules derived from real incidents
// (shared notes, incidents.md §E). Each can be overridden per bundle or with `kit analyze --config`.
import type { BundleConfig, DetectionThresholds } from './types.js';

export const DEFAULT_THRESHOLDS: Readonly<DetectionThresholds> = Object.freeze({
  // R1: "severity up if 24h quote volume < $1M".
  illiquidQuoteVolume: 1_000_000,
  // R2: "X = 10% majors, 25% alts".
  priceDeviationMajor: 0.1,
  priceDeviationAlt: 0.25,
  majors: ['BTC', 'ETH', 'BNB', 'SOL', 'XRP', 'USDT', 'USDC'],
  marketMoveOwnVolumeShare: 0.5,
  // R3: "> 20 orders/min or > 10x account baseline"; DMG was > 5,000 fills in a day.
  burstPerMinute: 20,
  burstPerHour: 120,
  burstBaselineMultiple: 10,
  rushGroupSize: 5,
  rushMinGroups: 3,
  // R4: "window 15 min, >= 60% of proceeds", ">= 3 different assets".
  concentrateWindowMinutes: 15,
  concentrateMinAssetsSold: 3,
  concentrateMinShare: 0.6,
  // R5: "share of market orders > baseline + 50 pp": a type under 10% of the baseline is not the account's style.
  styleMaxBaselineShare: 0.1,
  minBaselineRecords: 20,
  // R7: "hours with < 1% of historical activity", "gap > 30 d".
  unusualHourShare: 0.01,
  dormantDays: 30,
  // R8: "within 60 min after anomalous trades, or ~ full balance".
  withdrawalAfterAnomalyMinutes: 60,
  withdrawalFullBalanceShare: 0.9,
  // R9: "X = 20% in 24 h".
  drainShare: 0.2,
  // R10: FTX DMG 18-19 Oct, then 21 Oct.
  quietGapHours: 24,
});

/** The bundle's config with a later override (e.g. `--config`) laid over it, thresholds merged key by key. */
export function mergeConfig(base: BundleConfig | undefined, override: BundleConfig | undefined): BundleConfig {
  const merged: BundleConfig = { ...(base ?? {}), ...(override ?? {}) };
  if (base?.thresholds || override?.thresholds) merged.thresholds = { ...(base?.thresholds ?? {}), ...(override?.thresholds ?? {}) };
  return merged;
}

export function resolveThresholds(config: BundleConfig | undefined): DetectionThresholds {
  return { ...DEFAULT_THRESHOLDS, majors: [...DEFAULT_THRESHOLDS.majors], ...(config?.thresholds ?? {}) };
}
