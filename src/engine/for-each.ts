// A `for-each` step runs once per item of a list, every item at the same time (several accounts
// of one incident are contained in parallel). When its turn comes, the list is evaluated ONCE and
// journaled (`step.expanded`), so a resume sees the very same items. Each item gets an instance:
// a step of its own in the journal, with an id such as `revoke[binance/main]`, its own attempts,
// retries, timeout and reconciliation, and `item` in its expressions. Once every instance has
// ended, the step itself ends with the collected outputs:
//   { items: { <key>: <outputs> }, outcomes: { <key>: success|failure|skipped }, count, succeeded, failed, skipped }
// It fails when one of its instances fails (continue-on-error still applies, item by item).
import { ActionError, type Prompter } from '../actions/types.js';
import { evaluateValue } from '../runbook/expressions.js';
import { hasExpression } from '../runbook/template.js';
import { decideCondition, settleApproval, type StepDecision } from './group.js';
import type { PlannedStep } from './plan.js';
import { TERMINAL } from './replay.js';
import type { RunSession } from './session.js';
import { errorMessage, recordFailure, recordSkipped, type StepResult } from './step-outcome.js';

export interface ForEachEntry {
  key: string;
  item: unknown;
}

export type ForEachDecision = { step: PlannedStep; kind: 'for-each'; instances: StepDecision[] };

/** The key an instance is known by: the item itself (a string or number), else its `key` or `id` field, else its position. */
export function itemKey(item: unknown, index: number): string {
  if (typeof item === 'string' && item !== '') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    for (const field of ['key', 'id']) {
      const value = (item as Record<string, unknown>)[field];
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
    }
  }
  return String(index);
}

export function instanceId(stepId: string, key: string): string {
  return `${stepId}[${key}]`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${String(value)})`;
}

export type Expansion = { ok: true; entries: ForEachEntry[]; duplicates: string[] } | { ok: false; problem: string };

/**
 * The list a for-each expression yielded, as keyed entries. `null` (a skipped step's missing
 * output) is an empty list. The same item twice runs once (two instances cancelling the same
 * account's orders at once would only race); two different items with one key are refused.
 */
export function expandList(value: unknown): Expansion {
  if (value === null || value === undefined) return { ok: true, entries: [], duplicates: [] };
  if (!Array.isArray(value)) return { ok: false, problem: `for-each needs a list, and it yielded ${describeValue(value)}` };
  const byKey = new Map<string, unknown>();
  const entries: ForEachEntry[] = [];
  const duplicates: string[] = [];
  for (const [index, item] of value.entries()) {
    const key = itemKey(item, index);
    if (byKey.has(key)) {
      if (JSON.stringify(byKey.get(key)) === JSON.stringify(item)) {
        duplicates.push(key);
        continue;
      }
      return { ok: false, problem: `two different items of the for-each list have the key "${key}": give each item a unique \`key\` (or \`id\`)` };
    }
    byKey.set(key, item);
    entries.push({ key, item });
  }
  return { ok: true, entries, duplicates };
}

/** One instance of a for-each step, as a step of its own: the same spec, its own id, title and item. */
export function instanceStep(session: RunSession, parent: PlannedStep, entry: ForEachEntry, index: number): PlannedStep {
  const { forEach: _list, ...rest } = parent;
  const step: PlannedStep = { ...rest, id: instanceId(parent.id, entry.key), instance: { of: parent.id, key: entry.key, index, item: entry.item } };
  return { ...step, title: instanceTitle(session, step) };
}

/** A title with `${{ item }}` is evaluated for the item; any other gets the key appended. */
function instanceTitle(session: RunSession, step: PlannedStep): string {
  const raw = step.spec.title;
  if (raw !== undefined && hasExpression(raw)) {
    try {
      const value = evaluateValue(raw, session.contexts(step));
      return typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      // A title is a courtesy: the key still tells the instances apart.
    }
  }
  return `${raw ?? step.spec.id} [${step.instance!.key}]`;
}

const KEYS_SHOWN = 3;

/**
 * A for-each step's title once its list is known: a title that names `item` reads with the
 * items' keys ("Cancel orders on binance/main, bybit/main"); any other stays as it is.
 */
export function forEachTitle(session: RunSession, step: PlannedStep): string {
  const raw = step.spec.title;
  const keys = (session.state.expansions.get(step.id) ?? []).map((e) => e.key);
  if (raw === undefined || !hasExpression(raw) || keys.length === 0) return step.title;
  const shown = keys.length <= KEYS_SHOWN ? keys.join(', ') : `${keys.slice(0, KEYS_SHOWN).join(', ')} and ${keys.length - KEYS_SHOWN} more`;
  try {
    const value = evaluateValue(raw, { ...session.contexts(step), item: shown });
    return typeof value === 'string' ? value : step.title;
  } catch {
    return step.title;
  }
}

/** The instances of a for-each step whose list has been journaled, in list order. */
export function instancesOf(session: RunSession, parent: PlannedStep): PlannedStep[] {
  const entries = session.state.expansions.get(parent.id) ?? [];
  return entries.map((entry, index) => instanceStep(session, parent, entry, index));
}

async function expand(session: RunSession, step: PlannedStep): Promise<ForEachEntry[] | Error> {
  const journaled = session.state.expansions.get(step.id);
  if (journaled) return journaled;
  let value: unknown;
  try {
    value = evaluateValue(step.forEach, session.contexts(step));
  } catch (error) {
    return new ActionError(`step ${step.id}: cannot evaluate \`for-each\`: ${errorMessage(error)}`);
  }
  const expanded = expandList(value);
  if (!expanded.ok) return new ActionError(`step ${step.id}: ${expanded.problem}`, { hint: 'Give for-each a list, e.g. ${{ inputs.accounts }} with an input of type list.' });
  if (expanded.duplicates.length > 0) {
    await session.journal.append('note', { stepId: step.id, level: 'warn', message: `the for-each list names ${[...new Set(expanded.duplicates)].join(', ')} more than once; each runs once` });
  }
  await session.journal.append('step.expanded', { stepId: step.id, uses: step.uses, items: expanded.entries });
  // What the journal holds (redacted, JSON) is what this run and any resume work with.
  return session.state.expansions.get(step.id) ?? expanded.entries;
}

/**
 * A for-each step's turn: its list, each instance's condition (`if` sees `item`), then one
 * approval for the whole step when an instance is to run.
 */
export async function decideForEach(session: RunSession, step: PlannedStep, prompter: Prompter): Promise<StepDecision | 'stop'> {
  const action = session.action(step.uses);
  const entries = await expand(session, step);
  if (entries instanceof Error) {
    const result = await recordFailure(session, step, action, entries, { attempt: 0, willRetry: false, retryable: false, startedAt: Date.now() });
    return { step, kind: 'failed', message: result.kind === 'failed' ? result.message : entries.message };
  }
  if (entries.length === 0) {
    const reason = 'its for-each list is empty';
    await recordSkipped(session, step, reason);
    return { step, kind: 'skipped', reason };
  }
  const instances: StepDecision[] = [];
  for (const [index, entry] of entries.entries()) instances.push(await decideCondition(session, instanceStep(session, step, entry, index)));
  if (instances.some((d) => d.kind === 'run')) {
    const approval = await settleApproval(session, step, prompter);
    if (approval === 'stop' || approval.kind !== 'run') return approval;
  }
  return { step, kind: 'for-each', instances };
}

const MESSAGE_LIMIT = 300;

/**
 * Ends a for-each step once every instance has ended: its outcome and collected outputs,
 * journaled like any step's. Undefined while an instance has not ended (an interrupt): the
 * step stays open, and a resume finishes it.
 */
export async function finishForEach(session: RunSession, step: PlannedStep, startedAt: number): Promise<StepResult | undefined> {
  const action = session.action(step.uses);
  const items: Record<string, Record<string, unknown>> = {};
  const outcomes: Record<string, 'success' | 'failure' | 'skipped'> = {};
  const failures: string[] = [];
  let planned = 0;
  let continueOnError = true;
  const instances = instancesOf(session, step);
  for (const instance of instances) {
    const state = session.step(instance.id);
    if (!TERMINAL.has(state.status)) return undefined;
    const key = instance.instance!.key;
    if (state.status === 'failed') {
      outcomes[key] = 'failure';
      failures.push(`${key}: ${(state.error ?? 'failed').slice(0, MESSAGE_LIMIT)}`);
      continueOnError &&= state.continueOnError;
    } else if (state.status === 'skipped') {
      outcomes[key] = 'skipped';
    } else {
      outcomes[key] = 'success';
      items[key] = state.outputs;
      if (state.status === 'planned') planned++;
    }
  }
  const count = instances.length;
  const tally = (o: string) => Object.values(outcomes).filter((v) => v === o).length;
  const outputs = { items, outcomes, count, succeeded: tally('success'), failed: tally('failure'), skipped: tally('skipped') };
  const base = { stepId: step.id, uses: step.uses, effect: action.effect };
  const durationMs = Date.now() - startedAt;
  if (failures.length > 0) {
    const message = `${failures.length} of ${count} item${count === 1 ? '' : 's'} failed: ${failures.join('; ')}`;
    await session.journal.append('step.failed', {
      ...base, attempt: 0, error: { message, name: 'ForEachFailure', retryable: false }, willRetry: false, continueOnError, durationMs, outputs,
    });
    return { kind: 'failed', message, continueOnError };
  }
  if (outputs.skipped === count) {
    const reason = 'the condition is false for every item';
    await recordSkipped(session, step, reason);
    return { kind: 'skipped', reason };
  }
  if (planned > 0) {
    const summary = `run for ${count} item${count === 1 ? '' : 's'} (${planned} planned, not done: see each item)`;
    await session.journal.append('step.planned', { ...base, summary, outputs });
    return { kind: 'planned', summary };
  }
  await session.journal.append('step.succeeded', { ...base, outputs, durationMs });
  return { kind: 'succeeded', outputs: session.step(step.id).outputs };
}
