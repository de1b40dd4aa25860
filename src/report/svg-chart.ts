// Geometry of the two inline SVG pictures in the HTML report, computed here so the template only
// places shapes: (1) the account's activity over the window — trades per time bucket (flagged
// part in red), the attack window shaded, flagged trades and withdrawals marked, the response
// steps as lines; (2) the response itself, one bar per step from start to finish.
// Every label is data for the template to escape; nothing here is markup.
import { utcText } from './format.js';
import type { Report } from './schema.js';

export const MAX_TRADE_MARKS = 300;
const WIDTH = 960;
const LEFT = 56;
const RIGHT = 16;
/** The response chart's left margin holds the step names. */
const RESPONSE_LEFT = 200;

export interface Tick { x: number; label: string; anchor: 'start' | 'middle' | 'end' }
export interface ActivityChart {
  width: number; height: number; plotTop: number; plotBottom: number; plotHeight: number; left: number; right: number;
  tickY: number; labelY: number; noteY: number;
  bars: Array<{ x: number; w: number; y: number; h: number; fy: number; fh: number; title: string }>;
  attack: { x: number; w: number; title: string } | null;
  response: { x: number; w: number; title: string } | null;
  marks: Array<{ cx: number; cy: number; side: string; title: string }>;
  withdrawals: Array<{ points: string; title: string }>;
  steps: Array<{ x: number; n: number; status: string; title: string }>;
  ticks: Tick[];
  maxLabel: string;
  marksNote: string;
}
export interface ResponseChart {
  width: number; height: number; left: number; axisY: number;
  rows: Array<{ y: number; x: number; w: number; n: number; label: string; status: string; title: string }>;
  ticks: Tick[];
}

function scaler(from: number, to: number, left = LEFT): (t: number) => number {
  const span = Math.max(1, to - from);
  const plotWidth = WIDTH - left - RIGHT;
  return (t) => Math.round((left + ((t - from) / span) * plotWidth) * 10) / 10;
}

function ticks(from: number, to: number, x: (t: number) => number, label: (t: number) => string, count = 6): Tick[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1)).map((t, i) => ({ x: x(t), label: label(t), anchor: i === 0 ? 'start' : i === count - 1 ? 'end' : 'middle' }));
}

const ms = (iso: string | null | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);

export function activityChart(report: Report): ActivityChart | null {
  const rows = report.activityTimeline.buckets;
  if (rows.length === 0) return null;
  const bucket = report.activityTimeline.bucketMs;
  const windows = report.accounts.map((a) => a.window).filter((w): w is NonNullable<typeof w> => w !== null);
  const stepTimes = report.steps.flatMap((s) => [ms(s.startedAt), ms(s.finishedAt)]).filter((t): t is number => t !== undefined);
  const from = Math.min(Date.parse(rows[0].from), ...windows.map((w) => Date.parse(w.since)));
  const to = Math.max(Date.parse(rows[rows.length - 1].from) + bucket, ...windows.map((w) => Date.parse(w.until)), ...stepTimes);
  const x = scaler(from, to);
  const height = 250;
  const plotTop = 40;
  const plotBottom = 200;
  const maxTrades = Math.max(1, ...rows.map((r) => r.trades));
  // Square-root scale: an attack burst can be a thousand times the bot's hourly count, and the
  // normal trading must stay visible next to it.
  const y = (n: number) => (plotBottom - plotTop) * Math.sqrt(n / maxTrades);
  const bars = rows.map((r) => {
    const t = Date.parse(r.from);
    const bx = x(t);
    const w = Math.max(1, x(t + bucket) - bx - 0.5);
    const h = y(r.trades);
    const fh = r.flagged > 0 ? Math.max(1.5, (h * r.flagged) / Math.max(1, r.trades)) : 0;
    const title = `${utcText(r.from)}: ${r.trades} trade${r.trades === 1 ? '' : 's'}${r.flagged ? `, ${r.flagged} flagged (${r.symbols.join(', ')})` : ''}${r.withdrawals ? `, ${r.withdrawals} withdrawal${r.withdrawals === 1 ? '' : 's'}` : ''}`;
    return { x: bx, w: round(w), y: round(plotBottom - h), h: round(h), fy: round(plotBottom - fh), fh: round(fh), title };
  });
  const attackFrom = ms(report.attackWindow?.from);
  const attackTo = ms(report.attackWindow?.to);
  const attack = attackFrom !== undefined && attackTo !== undefined
    ? { x: x(attackFrom) - 1, w: round(Math.max(3, x(attackTo) - x(attackFrom) + 2)), title: `Attack window: ${utcText(attackFrom)} to ${utcText(attackTo)}` }
    : null;
  const runFrom = ms(report.incident.startedAt);
  const runTo = ms(report.incident.finishedAt) ?? (stepTimes.length ? Math.max(...stepTimes) : undefined);
  const response = runFrom !== undefined && runTo !== undefined
    ? { x: x(runFrom), w: round(Math.max(2, x(runTo) - x(runFrom))), title: `Response (kit run): ${utcText(runFrom)} to ${utcText(runTo)}` }
    : null;
  const flagged = report.trades.flagged.rows;
  const stride = Math.max(1, Math.ceil(flagged.length / MAX_TRADE_MARKS));
  const marks = flagged.filter((_, i) => i % stride === 0).map((t) => ({
    cx: x(Date.parse(t.time)), cy: plotTop - 14 + (t.side === 'buy' ? 0 : 8), side: t.side,
    title: `${utcText(t.time)} ${t.side} ${t.amount} ${t.symbol} at ${t.price}${t.clientOrderId ? `, client order id ${t.clientOrderId}` : ''} (${t.rules.join(', ') || t.label})`,
  }));
  const withdrawals = report.transfers.rows.filter((w) => w.type === 'withdrawal').map((w) => {
    const wx = x(Date.parse(w.time));
    return { points: `${wx},${plotTop - 2} ${wx - 5},${plotTop - 11} ${wx + 5},${plotTop - 11}`, title: `${utcText(w.time)} withdrawal of ${w.amount} ${w.currency}${w.address ? ` to ${w.address}` : ''} (${w.label})` };
  });
  const steps = report.steps.map((s, i) => ({ s, n: i + 1, t: ms(s.finishedAt) ?? ms(s.startedAt) }))
    .filter((e): e is { s: Report['steps'][number]; n: number; t: number } => e.t !== undefined)
    .map(({ s, n, t }) => ({ x: x(t), n, status: s.status, title: `${n}. ${s.id} (${s.uses}): ${s.status} at ${utcText(t)}` }));
  const shown = marks.length;
  return {
    width: WIDTH, height, plotTop, plotBottom, plotHeight: plotBottom - plotTop, left: LEFT, right: WIDTH - RIGHT,
    tickY: plotBottom + 5, labelY: plotBottom + 18, noteY: height - 8, bars, attack, response, marks, withdrawals, steps,
    ticks: ticks(from, to, x, (t) => utcText(t).slice(5, 16)),
    maxLabel: `${maxTrades} trades per ${Math.round(bucket / 60_000)} min`,
    marksNote: flagged.length > shown ? `${shown} of ${report.trades.flagged.total} flagged trades marked` : `${report.trades.flagged.total} flagged trade${report.trades.flagged.total === 1 ? '' : 's'} marked`,
  };
}

export function responseChart(report: Report): ResponseChart | null {
  const steps = report.steps.map((s, i) => ({ s, n: i + 1, a: ms(s.startedAt) ?? ms(s.finishedAt), b: ms(s.finishedAt) }))
    .filter((e): e is typeof e & { a: number } => e.a !== undefined);
  const runFrom = ms(report.incident.startedAt) ?? (steps.length ? Math.min(...steps.map((e) => e.a)) : undefined);
  if (runFrom === undefined || steps.length === 0) return null;
  const runTo = Math.max(ms(report.incident.finishedAt) ?? 0, ...steps.map((e) => e.b ?? e.a), runFrom + 1000);
  const x = scaler(runFrom, runTo, RESPONSE_LEFT);
  const rowH = 22;
  const rows = steps.map(({ s, n, a, b }, i) => ({
    y: 12 + i * rowH, x: x(a), w: round(Math.max(3, x(b ?? runTo) - x(a))), n, label: `${n}. ${s.id}`, status: s.status,
    title: `${n}. ${s.id} (${s.uses}) ${s.status}${s.planned ? ' (dry run: planned, not done)' : ''}: ${utcText(a)} to ${b !== undefined ? utcText(b) : 'unfinished'}; ${s.result}`,
  }));
  const axisY = 12 + rows.length * rowH + 4;
  return { width: WIDTH, height: axisY + 28, left: RESPONSE_LEFT, axisY, rows, ticks: ticks(runFrom, runTo, x, (t) => utcText(t).slice(11, 19)) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface AttackChart {
  width: number; height: number; left: number; plotWidth: number; axisY: number;
  lanes: Array<{ y: number; h: number; label: string; labelY: number }>;
  dots: Array<{ cx: number; cy: number; side: string; title: string }>;
  withdrawals: Array<{ points: string; title: string }>;
  ticks: Tick[];
  note: string;
}

const MAX_LANES = 8;

/**
 * A close-up of the attack window: one lane per symbol with flagged trades, each trade a dot at
 * its time, placed in its lane by price (low at the bottom), so a pump reads as a rising line.
 */
export function attackChart(report: Report): AttackChart | null {
  const rows = report.trades.flagged.rows;
  const withdrawalRows = report.transfers.rows.filter((t) => t.type === 'withdrawal' && t.label !== 'normal');
  if (!report.attackWindow || (rows.length === 0 && withdrawalRows.length === 0)) return null;
  const from = Date.parse(report.attackWindow.from);
  const to = Date.parse(report.attackWindow.to);
  const pad = Math.max(30_000, (to - from) * 0.05);
  const x = scaler(from - pad, to + pad, RESPONSE_LEFT);
  const bySymbol = new Map<string, typeof rows>();
  for (const r of rows) bySymbol.set(r.symbol, [...(bySymbol.get(r.symbol) ?? []), r]);
  const symbols = [...bySymbol.keys()].sort((a, b) => (bySymbol.get(b)?.length ?? 0) - (bySymbol.get(a)?.length ?? 0)).slice(0, MAX_LANES);
  const laneH = 44;
  const lanes = [...symbols, ...(withdrawalRows.length ? ['withdrawals'] : [])].map((label, i) => ({ y: 10 + i * (laneH + 6), h: laneH, label, labelY: 10 + i * (laneH + 6) + laneH / 2 + 4 }));
  const dots = symbols.flatMap((symbol, i) => {
    const trades = bySymbol.get(symbol) ?? [];
    const prices = trades.map((t) => t.price);
    const lo = Math.min(...prices);
    const hi = Math.max(...prices);
    const lane = lanes[i];
    return trades.map((t) => ({
      cx: x(Date.parse(t.time)),
      cy: round(lane.y + lane.h - 6 - (hi > lo ? ((t.price - lo) / (hi - lo)) * (lane.h - 12) : (lane.h - 12) / 2)),
      side: t.side,
      title: `${utcText(t.time)} ${t.side} ${t.amount} ${t.symbol} at ${t.price}${t.clientOrderId ? `, client order id ${t.clientOrderId}` : ''}`,
    }));
  });
  const wLane = lanes[symbols.length];
  const withdrawals = wLane ? withdrawalRows.map((w) => {
    const wx = x(Date.parse(w.time));
    const cy = wLane.y + wLane.h / 2;
    return { points: `${wx},${cy + 6} ${wx - 6},${cy - 6} ${wx + 6},${cy - 6}`, title: `${utcText(w.time)} withdrawal of ${w.amount} ${w.currency}${w.address ? ` to ${w.address}` : ''}` };
  }) : [];
  const axisY = 10 + lanes.length * (laneH + 6);
  const hidden = bySymbol.size - symbols.length;
  return {
    width: WIDTH, height: axisY + 28, left: RESPONSE_LEFT, plotWidth: WIDTH - RESPONSE_LEFT - RIGHT, axisY, lanes, dots, withdrawals,
    ticks: ticks(from - pad, to + pad, x, (t) => utcText(t).slice(11, 19)),
    note: `${rows.length} flagged trade${rows.length === 1 ? '' : 's'} shown${hidden > 0 ? `; ${hidden} more symbol${hidden === 1 ? '' : 's'} in the table` : ''}`,
  };
}
