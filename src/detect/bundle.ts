// Parses and validates an activity bundle (the format in ./types.ts, documented in the README).
// Pure: the caller reads the file. Built for a million trades: one JSON.parse, then each record
// is checked once, in place (the validated records are the parsed objects, never copies), and
// only when something is wrong is the text scanned again to put line:col on each problem.
import type { z } from 'zod';
import { ValidationError, type LocatedProblem } from '../errors.js';
import { candleSchema, headerSchema, ledgerSchema, orderSchema, tradeSchema, transferSchema } from './bundle-schema.js';
import { describeIssue, describeValue, fieldName } from './issue-text.js';
import { locateJsonPaths } from './json-locate.js';
import { BundleStreamParser, StreamSyntaxError } from './bundle-stream.js';
import { quickCandle, quickLedger, quickOrder, quickTrade, quickTransfer } from './quick-check.js';
import { timestampProblem, timestampUnit, unitName, type TimeUnit } from './timestamp-units.js';
import type { ActivityBundle, Candle } from './types.js';

/** Problems listed one by one; past this, a count (the first ones are what the user fixes first). */
export const MAX_LISTED_PROBLEMS = 20;

const HINT = 'Fix the records named above and run again. Timestamps are milliseconds since the epoch, symbols are ccxt unified symbols such as BTC/USDT; the README section "Activity bundle format" shows a valid bundle.';

type PathSegment = string | number;

interface PendingProblem {
  path: PathSegment[];
  /** How the record is named to the user, e.g. `trades[17] (id 309520010)`; '' for the document. */
  label: string;
  message: string;
}

/** A record's name, built only when a problem is reported (a million labels would cost time). */
type Label = string | (() => string);
const labelText = (label: Label): string => (typeof label === 'string' ? label : label());

class ProblemList {
  readonly listed: PendingProblem[] = [];
  unlisted = 0;
  add(path: PathSegment[], label: Label, message: string): void {
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push({ path, label: labelText(label), message });
    else this.unlisted++;
  }
  get count(): number {
    return this.listed.length + this.unlisted;
  }
}

/** Parses the text of a bundle file; `file` names it in errors. Throws ValidationError (exit 2). */
export function parseBundleText(text: string, file: string): ActivityBundle {
  return validateBundle(parseBundleJson(text, file), file, text);
}

/** The JSON step alone, for a text already in memory (see BundleStreamParser for files). */
export function parseBundleJson(text: string, file: string): unknown {
  const parser = new BundleStreamParser(file);
  try {
    parser.write(text);
    return parser.end();
  } catch (error) {
    throw asValidationError(error, file);
  }
}

/** A syntax error from the stream parser as the user-facing error; anything else unchanged. */
export function asValidationError(error: unknown, file: string): unknown {
  if (error instanceof StreamSyntaxError) return new ValidationError(`activity bundle ${file}`, [error.problem], { hint: HINT });
  if (error instanceof RangeError) return new ValidationError(`activity bundle ${file}`, [{ file, line: 1, col: 1, path: '', message: `cannot be read: ${error.message}` }], { hint: HINT });
  return error;
}

/**
 * Validates an already-parsed bundle. With the source text (or a way to get it again, read
 * only when there are problems to locate), problems get their line:col.
 */
export function validateBundle(value: unknown, file: string, text?: string | (() => string | undefined)): ActivityBundle {
  const problems = new ProblemList();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const listHint = Array.isArray(value) ? ' (a list of records must be wrapped in a bundle with its window and baseline)' : '';
    problems.add([], '', `expected a JSON object with "format": "kit-activity-bundle", got ${describeValue(value)}${listHint}`);
    throw toError(problems, file, text);
  }
  const doc = value as Record<string, unknown>;
  if (doc.format === 'kit-activity-bundle' && typeof doc.version === 'number' && doc.version > 1) {
    problems.add(['version'], '', `this bundle is format version ${doc.version}; this kit reads version 1 (upgrade kit to read it)`);
    throw toError(problems, file, text);
  }
  const header = headerSchema.safeParse(doc, { reportInput: true });
  if (!header.success) {
    for (const issue of header.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // One problem per unknown key, located at the key itself.
        for (const key of issue.keys) problems.add([...(issue.path as PathSegment[]), key], '', describeIssue({ ...issue, keys: [key] }, 'the bundle'));
      } else {
        problems.add(issue.path as PathSegment[], '', describeIssue(issue, 'the bundle'));
      }
    }
  }

  const checker = new RecordChecker(problems, doc);
  checker.list('trades', tradeSchema, quickTrade, (rec, at, label) => checker.symbol(rec.symbol, at, label));
  checker.list('orders', orderSchema, quickOrder, (rec, at, label) => checker.symbol(rec.symbol, at, label));
  checker.list('deposits', transferSchema, quickTransfer, (rec, at, label) => checker.transferType(rec.type, 'deposit', at, label));
  checker.list('withdrawals', transferSchema, quickTransfer, (rec, at, label) => checker.transferType(rec.type, 'withdrawal', at, label));
  checker.list('ledger', ledgerSchema, quickLedger);
  const ohlcv = checker.candles();
  checker.spans();
  checker.configSymbols();
  checker.mixedUnits();
  if (problems.count > 0) throw toError(problems, file, text);

  const h = header.data as z.infer<typeof headerSchema>;
  return {
    format: 'kit-activity-bundle',
    version: 1,
    exchange: h.exchange,
    account: h.account,
    generatedAt: h.generatedAt ?? new Date(h.window.until).toISOString(),
    window: h.window,
    baseline: h.baseline,
    // The parsed records themselves (validated above), not zod's copies: a million trades stay one million objects.
    trades: (doc.trades ?? []) as ActivityBundle['trades'],
    orders: (doc.orders ?? []) as ActivityBundle['orders'],
    deposits: (doc.deposits ?? []) as ActivityBundle['deposits'],
    withdrawals: (doc.withdrawals ?? []) as ActivityBundle['withdrawals'],
    ...(doc.ledger ? { ledger: doc.ledger as ActivityBundle['ledger'] } : {}),
    ...(h.balances ? { balances: h.balances } : {}),
    ...(ohlcv ? { ohlcv } : {}),
    ...(h.referencePrices ? { referencePrices: h.referencePrices } : {}),
    ...(h.config ? { config: h.config } : {}),
    ...(h.markets ? { markets: h.markets } : {}),
    ...(h.gaps ? { gaps: h.gaps.map((g) => ({ what: g.what, reason: g.reason })) } : {}),
  };
}

const SYMBOL_PATTERN = /^[^\s/:]+\/[^\s/:]+(:[^\s/:]+)?$/;

type RecordLike = { id: string; timestamp: number; symbol?: string; type?: string | null };

class RecordChecker {
  private readonly units: Record<TimeUnit, number> = { ms: 0, s: 0, us: 0, ns: 0, invalid: 0 };
  private firstOff: string | undefined;
  private readonly markets: Set<string> | undefined;
  private readonly symbolVerdicts = new Map<string, string | undefined>();

  constructor(
    private readonly problems: ProblemList,
    private readonly doc: Record<string, unknown>,
  ) {
    this.markets = Array.isArray(doc.markets) ? new Set(doc.markets.filter((m): m is string => typeof m === 'string')) : undefined;
  }

  /** Checks each record of a list: `quick` accepts the well-formed ones fast, zod judges the rest. */
  list<S extends z.ZodType>(name: string, schema: S, quick: (r: unknown) => boolean, extra?: (rec: RecordLike & z.infer<S>, at: PathSegment[], label: Label) => void): void {
    const list = this.doc[name];
    if (!Array.isArray(list)) return;
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const rec: unknown = list[i];
      if (!quick(rec)) {
        const result = schema.safeParse(rec, { reportInput: true });
        if (!result.success) {
          const label = recordLabel(name, i, rec);
          for (const issue of result.error.issues) this.problems.add([name, i, ...(issue.path as PathSegment[])], label, describeIssue(issue, 'the record'));
          continue;
        }
      }
      const r = rec as RecordLike & z.infer<S>;
      const label = (): string => recordLabel(name, i, rec);
      if (!this.wholeMilliseconds(r.timestamp)) this.timestamp([name, i, 'timestamp'], label, 'timestamp', r.timestamp);
      const earlier = seen.get(r.id);
      if (earlier !== undefined) this.problems.add([name, i, 'id'], label, `the same id as ${name}[${earlier}]; each record must appear once (remove the duplicate)`);
      else seen.set(r.id, i);
      extra?.(r, [name, i], label);
    }
  }

  /** The common case, counted without building a path: a whole number of milliseconds. */
  wholeMilliseconds(ts: number): boolean {
    if (ts >= 1e11 && ts < 1e14 && Number.isInteger(ts)) {
      this.units.ms++;
      return true;
    }
    return false;
  }

  timestamp(path: PathSegment[], label: Label, field: string, ts: number): void {
    const unit = timestampUnit(ts);
    this.units[unit]++;
    const problem = timestampProblem(field, ts);
    if (!problem) return;
    if (unit !== 'invalid' && unit !== 'ms' && !this.firstOff) this.firstOff = labelText(label) || fieldName(path);
    this.problems.add(path, label, problem);
  }

  symbol(symbol: string, at: PathSegment[], label: Label): void {
    let verdict = this.symbolVerdicts.get(symbol);
    if (!this.symbolVerdicts.has(symbol)) {
      verdict = symbolProblem(symbol, this.markets);
      this.symbolVerdicts.set(symbol, verdict);
    }
    if (verdict) this.problems.add([...at, 'symbol'], label, verdict);
  }

  transferType(type: string | null | undefined, expected: string, at: PathSegment[], label: Label): void {
    if (type !== expected) this.problems.add([...at, 'type'], label, `type is "${String(type)}" in the ${expected}s list; move it to the right list or fix its type`);
  }

  /** Validates the candles and returns them normalized to [ts, o, h, l, c, v] (a null volume becomes 0). */
  candles(): Record<string, Candle[]> | undefined {
    const ohlcv = this.doc.ohlcv;
    if (typeof ohlcv !== 'object' || ohlcv === null || Array.isArray(ohlcv)) return undefined;
    const out: Record<string, Candle[]> = {};
    for (const [symbol, candles] of Object.entries(ohlcv as Record<string, unknown>)) {
      const at: PathSegment[] = ['ohlcv', symbol];
      const problem = symbolProblem(symbol, this.markets);
      if (problem) this.problems.add(at, `ohlcv["${symbol}"]`, problem);
      if (!Array.isArray(candles)) continue;
      const normalized: Candle[] = [];
      candles.forEach((candle: unknown, i) => {
        const label = (): string => `ohlcv["${symbol}"][${i}]`;
        if (!quickCandle(candle) && !candleSchema.safeParse(candle).success) {
          this.problems.add([...at, i], label, `a candle must be [timestamp, open, high, low, close, volume] numbers, got ${describeValue(candle)}`);
          return;
        }
        const [ts, open, high, low, close, volume] = candle as (number | null)[];
        if (ts === null || open === null || high === null || low === null || close === null) {
          this.problems.add([...at, i], label, 'timestamp, open, high, low and close must be numbers, not null');
          return;
        }
        if (!this.wholeMilliseconds(ts)) this.timestamp([...at, i, 0], label, 'timestamp', ts);
        if (low > high) this.problems.add([...at, i], label, `low (${low}) is above high (${high})`);
        normalized.push([ts, open, high, low, close, volume ?? 0]);
      });
      out[symbol] = normalized;
    }
    return out;
  }

  spans(): void {
    const window = this.doc.window as { since?: unknown; until?: unknown } | undefined;
    const baseline = this.doc.baseline as { since?: unknown; until?: unknown } | undefined;
    const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
    for (const [name, span] of [['window', window], ['baseline', baseline]] as const) {
      const since = num(span?.since);
      const until = num(span?.until);
      if (since !== undefined) this.timestamp([name, 'since'], name, 'since', since);
      if (until !== undefined) this.timestamp([name, 'until'], name, 'until', until);
      if (since !== undefined && until !== undefined && since > until) this.problems.add([name], name, `since (${since}) is after until (${until})`);
    }
    const baselineEnd = num(baseline?.until);
    const windowStart = num(window?.since);
    if (baselineEnd !== undefined && windowStart !== undefined && baselineEnd > windowStart) {
      this.problems.add(['baseline', 'until'], 'baseline', `ends (${baselineEnd}) after the window starts (${windowStart}); the baseline is the normal period before the window`);
    }
  }

  configSymbols(): void {
    const config = this.doc.config as { operatorSymbols?: unknown } | undefined;
    if (!Array.isArray(config?.operatorSymbols)) return;
    config.operatorSymbols.forEach((symbol: unknown, i) => {
      if (typeof symbol !== 'string') return;
      const problem = SYMBOL_PATTERN.test(symbol) ? undefined : notUnified(symbol);
      if (problem) this.problems.add(['config', 'operatorSymbols', i], `config.operatorSymbols[${i}]`, problem);
    });
  }

  /** One summary line when units are mixed, listed first: it explains the per-record lines. */
  mixedUnits(): void {
    const off = this.units.s + this.units.us + this.units.ns;
    if (off === 0) return;
    const parts = (['ms', 's', 'us', 'ns'] as const).filter((u) => this.units[u] > 0).map((u) => `${this.units[u]} in ${unitName(u)}`);
    const message =
      this.units.ms > 0
        ? `mixed timestamp units: ${parts.join(', ')} (first not in milliseconds: ${this.firstOff}); every timestamp must be in milliseconds since the epoch`
        : `timestamps are in ${parts.join(', ')}; kit expects milliseconds since the epoch`;
    this.problems.listed.unshift({ path: [], label: '', message });
    if (this.problems.listed.length > MAX_LISTED_PROBLEMS) {
      this.problems.listed.pop();
      this.problems.unlisted++;
    }
  }
}

function recordLabel(list: string, index: number, rec: unknown): string {
  const id = typeof rec === 'object' && rec !== null ? (rec as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? `${list}[${index}] (id ${id})` : `${list}[${index}]`;
}

function notUnified(symbol: string): string {
  const guess = /^([A-Z0-9]{2,10})(USDT|USDC|BUSD|BTC|ETH|BNB|USD|EUR)$/.exec(symbol);
  return `symbol "${symbol}" is not a ccxt unified symbol (expected BASE/QUOTE${guess ? `, e.g. ${guess[1]}/${guess[2]}` : ', e.g. BTC/USDT'})`;
}

function symbolProblem(symbol: string, markets: Set<string> | undefined): string | undefined {
  if (!SYMBOL_PATTERN.test(symbol)) return notUnified(symbol);
  if (markets && !markets.has(symbol)) return `unknown symbol "${symbol}": it is not among the bundle's markets (add it to "markets" or fix the symbol)`;
  return undefined;
}

function toError(problems: ProblemList, file: string, source: string | (() => string | undefined) | undefined): ValidationError {
  const text = typeof source === 'function' ? source() : source;
  const located = text === undefined ? new Map() : locateJsonPaths(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, problems.listed.flatMap((p) => candidatePaths(p.path)));
  const out: LocatedProblem[] = problems.listed.map((p) => {
    const where = candidatePaths(p.path).map((c) => located.get(c)).find((pos) => pos !== undefined) ?? { line: 1, col: 1 };
    return { file, line: where.line, col: where.col, path: p.label, message: p.message };
  });
  if (problems.unlisted > 0) {
    out.push({ file, line: 1, col: 1, path: '', message: `… and ${problems.unlisted} more problem${problems.unlisted === 1 ? '' : 's'} (fix the ones above first; most are usually the same mistake)` });
  }
  return new ValidationError(`activity bundle ${file}`, out, { hint: HINT, details: { problems: problems.count } });
}

/** The field's own path first, then each parent: a missing field is reported where its record starts. */
function candidatePaths(path: PathSegment[]): string[] {
  const out: string[] = [];
  for (let n = path.length; n >= 1; n--) out.push(fieldName(path.slice(0, n)));
  return out;
}
