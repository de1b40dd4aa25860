import type { Clock } from '../clock.js';
import type { Pacer } from './pacer.js';

export interface SweepOptions {
  exchange: string;
  account: string;
  /** Start of the window under investigation (ms). */
  since: number;
  /** End of the window; default now. */
  until?: number;
  /** Length of the baseline period swept before `since` (ms); default 0. */
  baselineMs?: number;
  /** Folder for this exchange-account's evidence (absolute), e.g. <incident>/evidence/binance-main. */
  evidenceDir: string;
  /** Symbols the operator normally trades: swept right after the likely attack symbols. */
  baselineSymbols?: string[];
  /** Parallel units of work (default 8; at 20 weight each they stay inside the 5% margin below the limit). */
  concurrency?: number;
  /** `exchange` (default): pace by the exchange's real limits; `ccxt`: ccxt's own default pacing (for comparison). */
  pacing?: 'exchange' | 'ccxt';
  /** 1m candles around the window for traded symbols (cheap; default true). */
  ohlcv?: boolean;
  signal?: AbortSignal;
  clock?: Clock;
  onProgress?(progress: SweepProgress): void;
}

export interface SweepProgress {
  phase: 'context' | 'transfers' | 'symbols' | 'ohlcv' | 'bundle' | 'done';
  symbolsDone: number;
  symbolsTotal: number;
  records: number;
  requests: number;
  /** Weight sent in the pacer's main bucket (Binance REQUEST_WEIGHT). */
  weightUsed: number;
}

export interface SweepCounts {
  trades: number;
  orders: number;
  deposits: number;
  withdrawals: number;
  ledger: number;
}

export interface SweepResult {
  /** Absolute path of bundle.json. */
  bundlePath: string;
  counts: SweepCounts;
  gaps: Array<{ what: string; reason: string }>;
  symbols: { done: number; total: number };
  requests: number;
  weightUsed: number;
  /** Declared limit of the main bucket, per window. */
  declaredLimit?: { limit: number; windowMs: number };
  rateLimited: number;
  /** From the first request to the last answer (ms). */
  requestSpanMs: number;
  resumed: boolean;
  durationMs: number;
}

/** What a per-exchange sweep needs from the driver. */
export interface SweepEnv {
  options: SweepOptions;
  clock: Clock;
  pacer?: Pacer;
  progress(update: Partial<SweepProgress>): void;
}
