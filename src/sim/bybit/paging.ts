// Bybit's history rules: newest first, cursor pages, and time windows (7 days for executions and
// orders, 30 days for deposits and withdrawals, 7 days for the transaction log): no times -> the
// last default span; only startTime -> [startTime, startTime + span]; only endTime ->
// [endTime - span, endTime]; both -> at most the window apart. The default span is the window,
// except for the transaction log (24 hours). The cursor names the last record served, so new records never shift pages.
import type { Params } from '../server/request.js';
import { bybitErrors } from './errors.js';

export interface Window {
  start: number;
  end: number;
}

function timeParam(params: Params, name: string): number | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!/^\d{1,17}$/.test(value)) throw bybitErrors.params(`${name} is invalid`);
  return Number(value);
}

export function bybitWindow(params: Params, now: number, windowMs: number, label: string, spanMs = windowMs): Window {
  const startTime = timeParam(params, 'startTime');
  const endTime = timeParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined) {
    if (endTime < startTime) throw bybitErrors.params('endTime must be greater than startTime');
    if (endTime - startTime > windowMs) throw bybitErrors.params(`the time range between startTime and endTime cannot exceed ${label}`);
    return { start: startTime, end: endTime };
  }
  if (startTime !== undefined) return { start: startTime, end: startTime + spanMs };
  if (endTime !== undefined) return { start: endTime - spanMs, end: endTime };
  return { start: now - spanMs, end: now };
}

export function limitParam(params: Params, defaultLimit: number, maxLimit: number): number {
  const value = params.get('limit');
  if (value === undefined) return defaultLimit;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw bybitErrors.params('limit is invalid');
  return Math.min(Number(value), maxLimit);
}

/** Compares numeric id strings of any length (19-digit ids exceed 2^53). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export interface Pageable {
  time: number;
  /** Tie-breaker among records with the same time. */
  key: string;
}

/** One page, newest first, and the cursor of the next page ('' when there is none). */
export function pageNewestFirst<T>(items: T[], keyOf: (item: T) => Pageable, params: Params, limit: number): { page: T[]; next: string } {
  const sorted = [...items].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return kb.time - ka.time || compareIds(kb.key, ka.key);
  });
  let from = 0;
  const cursor = params.get('cursor');
  if (cursor !== undefined) {
    const m = /^(\d{1,17}):([A-Za-z0-9-]+)$/.exec(cursor);
    if (!m) throw bybitErrors.params('cursor is invalid');
    const time = Number(m[1]);
    const key = m[2];
    // First record strictly older than the cursor's.
    from = sorted.findIndex((item) => {
      const k = keyOf(item);
      return k.time < time || (k.time === time && compareIds(k.key, key) < 0);
    });
    if (from < 0) from = sorted.length;
  }
  const page = sorted.slice(from, from + limit);
  const last = page[page.length - 1];
  const more = from + limit < sorted.length && last !== undefined;
  // Percent-encoded, as Bybit sends its cursors; ccxt sends them back verbatim.
  return { page, next: more ? encodeURIComponent(`${keyOf(last).time}:${keyOf(last).key}`) : '' };
}
