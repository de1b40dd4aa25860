// manual.checklist: items the operator ticks off (change the account password, check 2FA, ...).
// With nobody to ask, every item stays pending, and the step passes only if the runbook says
// pending items are acceptable (`allow-pending: true`).
import { z } from 'zod';
import { ActionError, type ActionContext, type ActionDefinition } from '../types.js';
import { untilAborted } from './abortable.js';

const input = z.strictObject({
  items: z.array(z.string().min(1)).min(1),
  title: z.string().optional(),
  'allow-pending': z.boolean().default(false),
});
type Input = z.infer<typeof input>;

function result(items: string[], done: string[], by: string): Record<string, unknown> {
  const pending = items.filter((item) => !done.includes(item));
  return { done: items.filter((item) => done.includes(item)), pending, complete: pending.length === 0, by };
}

async function askOperator(ctx: ActionContext, i: Input): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const open = i.items.filter((item) => !done.includes(item));
    const ticked = await untilAborted(ctx.prompter.checkbox(i.title ?? 'Tick what is done', open.map((value) => ({ value }))), ctx.signal);
    done.push(...ticked);
    if (done.length === i.items.length) return done;
    const next = await untilAborted(
      ctx.prompter.select(`${i.items.length - done.length} item(s) still open`, [
        { value: 'again', name: 'Show the open items again' },
        { value: 'stop', name: 'Leave them pending' },
      ]),
      ctx.signal,
    );
    if (next === 'stop') return done;
  }
}

export const manualChecklist: ActionDefinition<Input> = {
  name: 'manual.checklist',
  description: 'A checklist the operator ticks off; pending items fail the step unless allowed',
  effect: 'local',
  input,
  describe: (i) => `checklist: ${(i.items ?? []).join('; ')}`,
  async run(ctx, i) {
    if (ctx.dryRun) {
      ctx.log(`would ask the operator to tick: ${i.items.join('; ')}`);
      return result(i.items, i.items, 'dry-run');
    }
    let done: string[] = [];
    let by = 'nobody';
    if (ctx.operator) {
      const performed = await untilAborted(ctx.operator.perform('manual.checklist', { stepId: ctx.stepId, items: i.items }), ctx.signal);
      if (performed && Array.isArray(performed.done)) {
        done = performed.done.filter((d): d is string => typeof d === 'string');
        by = 'stand-in';
      }
    } else if (ctx.prompter.interactive && !ctx.yes) {
      done = await askOperator(ctx, i);
      by = 'operator';
    }
    const out = result(i.items, done, by);
    const pending = out.pending as string[];
    for (const item of pending) ctx.log(`pending: ${item}`);
    if (pending.length > 0 && !i['allow-pending']) {
      throw new ActionError(`${pending.length} checklist item(s) still pending: ${pending.join('; ')}`, {
        hint: 'Run kit in a terminal without --yes to tick them, or set `allow-pending: true` in the step\'s `with`.',
      });
    }
    return out;
  },
};
