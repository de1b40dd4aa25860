// Binance's history selection rules, shared by myTrades and allOrders: with startTime the oldest
// records from it; with endTime only the newest up to it; with neither the newest; always
// returned oldest first.
import { lowerBound } from '../model/state.js';

export interface WindowQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

/** Items sorted by time ascending -> the selected page, ascending. */
export function selectByTime<T extends { time: number }>(items: readonly T[], q: WindowQuery): T[] {
  const from = q.startTime === undefined ? 0 : lowerBound(items, q.startTime, (x) => x.time);
  const to = q.endTime === undefined ? items.length : lowerBound(items, q.endTime + 1, (x) => x.time);
  if (from >= to) return [];
  if (q.startTime !== undefined) return items.slice(from, Math.min(to, from + q.limit));
  return items.slice(Math.max(from, to - q.limit), to);
}

/** Items whose numeric id is >= fromId, oldest first (ids grow with time within a symbol). */
export function selectFromId<T extends { id: string }>(items: readonly T[], fromId: number, limit: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (Number(item.id) >= fromId) out.push(item);
  }
  out.sort((a, b) => Number(a.id) - Number(b.id));
  return out.slice(0, limit);
}
