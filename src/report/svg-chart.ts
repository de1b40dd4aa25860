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
