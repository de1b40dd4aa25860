// The plan as the operator sees it before anything happens: every step in order, the ones that
// change the exchange account marked ✖ with what they do, the ones that wait for the operator
// marked ⏸, notices marked ✉. Pure: lines in, the caller prints them.
import { expandList } from '../engine/for-each.js';
import type { ExecutionPlan, PlannedStep } from '../engine/plan.js';
import { isDuration } from '../runbook/duration.js';
import { evaluateValue, type ExpressionContexts } from '../runbook/expressions.js';
import { hasExpression } from '../runbook/template.js';
import { refOf, type AccountChoice } from './accounts.js';
import { describeStart, type StartTime } from './since.js';

export const DESTRUCTIVE = '✖';

/** What a write action does to the account, in a few words. */
const CONSEQUENCES: Record<string, string> = {
  'exchange.cancel-all-orders': 'cancels orders',
  'key.revoke': 'revokes key',
  'key.reissue': 'replaces the stored key',
};

export function markOf(step: PlannedStep): string {
  if (step.effect === 'write') return `${DESTRUCTIVE} ${CONSEQUENCES[step.uses] ?? 'changes your account'}`;
  if (step.effect === 'notify') return '✉ sends a notice';
  if (step.uses.startsWith('manual.')) return '⏸ waits for you';
  return '';
}

export interface PlanViewOptions {
  accounts: AccountChoice[];
  /** Undefined: the runbook's default (shown as its input value). */
  start?: StartTime;
  dryRun: boolean;
  color: boolean;
}

/** Where the plan evaluates: the inputs are known, no step has run yet. */
function planContexts(plan: ExecutionPlan): ExpressionContexts {
  return { inputs: { ...plan.inputs }, steps: {}, run: { id: '', dryRun: false, startedAt: '' }, env: {} };
}

/** The keys a for-each step will run for, when its list comes from the inputs alone. */
function forEachKeys(plan: ExecutionPlan, step: PlannedStep): string[] | undefined {
  try {
    const expanded = expandList(evaluateValue(step.forEach, planContexts(plan)));
    return expanded.ok && expanded.entries.length > 0 ? expanded.entries.map((e) => e.key) : undefined;
  } catch {
    return undefined; // The list depends on what earlier steps find: known only in its turn.
  }
}

/**
 * A step's title as the plan shows it. A for-each step names the accounts it runs for: its title
 * read with them as `item` ("Cancel every open order on binance/main, bybit/main"), or followed by
 * them; when the list is known only later, "each item".
 */
function titleOf(plan: ExecutionPlan, step: PlannedStep): string {
  if (step.forEach === undefined) return step.title;
  const raw = step.spec.title;
  const keys = forEachKeys(plan, step);
  if (!keys) return raw !== undefined && hasExpression(raw) ? step.title : `${step.title}, for each item`;
  const shown = keys.join(', ');
  if (raw !== undefined && hasExpression(raw)) {
    try {
      const value = evaluateValue(raw, { ...planContexts(plan), item: shown });
      if (typeof value === 'string') return value;
    } catch {
      // A title is a courtesy: fall back to naming the items after it.
    }
  }
  return `${step.title}, for ${shown}`;
}

const red = (text: string, color: boolean): string => (color ? `\x1b[31m${text}\x1b[39m` : text);

function activityLine(plan: ExecutionPlan, start: StartTime | undefined): string | undefined {
  if (start) return describeStart(start);
  const since = plan.inputs.since;
  if (since === undefined) return undefined;
  return `${isDuration(String(since)) ? 'the last' : 'since'} ${String(since)} (the runbook's default)`;
}

export function planLines(plan: ExecutionPlan, options: PlanViewOptions): string[] {
  const { runbook } = plan;
  const activity = activityLine(plan, options.start);
  const lines = [
    `${options.dryRun ? '[dry-run] ' : ''}The plan: ${runbook.title ?? runbook.name} (runbook ${runbook.name})`,
    `  accounts: ${options.accounts.map(refOf).join(', ')}`,
    ...(activity ? [`  activity: ${activity}`] : []),
    '',
  ];
  const titles = plan.steps.map((s) => titleOf(plan, s));
  const width = Math.min(64, Math.max(...titles.map((t) => t.length)));
  const number = String(plan.steps.length).length;
  for (const step of plan.steps) {
    const mark = markOf(step);
    const note = step.always ? ' (even if a step fails)' : '';
    const shown = mark.startsWith(DESTRUCTIVE) ? red(mark, options.color) : mark;
    lines.push(`  ${String(step.index + 1).padStart(number)}. ${(titles[step.index] + note).padEnd(width)}  ${shown}`.trimEnd());
  }
  const destructive = plan.steps.filter((s) => s.effect === 'write').length;
  lines.push('');
  if (options.dryRun) lines.push(`[dry-run] Nothing will change: reads run for real; the ${destructive} ${DESTRUCTIVE} step${destructive === 1 ? ' is' : 's are'} only planned.`);
  else if (destructive > 0) lines.push(`${DESTRUCTIVE} marks the ${destructive} step${destructive === 1 ? '' : 's'} that change${destructive === 1 ? 's' : ''} your exchange account. Nothing has been changed yet.`);
  else lines.push('No step changes your exchange account.');
  return lines;
}
