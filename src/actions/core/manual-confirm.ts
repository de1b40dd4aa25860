// manual.confirm: the operator must do something kit cannot (delete a key on the exchange's web
// page, call the exchange) and say when it is done. Nobody to ask (--yes, no terminal, CI) is a
// failure, unless a drill's stand-in performs the step or the runbook allows `auto-confirm`.
import { z } from 'zod';
import { ActionError, type ActionContext, type ActionDefinition } from '../types.js';
import { untilAborted } from './abortable.js';

const input = z.strictObject({
  instructions: z.string().min(1),
  /** Where to do it, e.g. the exchange's API-management page. */
  url: z.string().optional(),
  /** Lets the step pass without a person under --yes or non-interactive runs. */
  'auto-confirm': z.boolean().default(false),
  /** What a drill's stand-in should perform (e.g. `delete-key`); defaults to `manual.confirm`. */
  kind: z.string().optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
type Input = z.infer<typeof input>;

type ConfirmedBy = 'operator' | 'stand-in' | 'auto-confirm' | 'dry-run';

function outputs(by: ConfirmedBy, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, confirmed: true, by, at: new Date().toISOString() };
}

function instructionsOf(i: Input): string {
  return i.url ? `${i.instructions} (${i.url})` : i.instructions;
}

async function askOperator(ctx: ActionContext, i: Input): Promise<Record<string, unknown>> {
  ctx.log(`To do: ${instructionsOf(i)}`);
  for (;;) {
    const answer = await untilAborted(
      ctx.prompter.select('Is it done?', [
        { value: 'done', name: 'Yes, it is done' },
        { value: 'not-yet', name: 'Not yet (ask me again)' },
        { value: 'cannot', name: 'I cannot do it (fail this step)' },
      ]),
      ctx.signal,
    );
    if (answer === 'done') return outputs('operator');
    if (answer === 'cannot') throw new ActionError(`the operator could not do it: ${i.instructions}`, { hint: 'Do it later and run `kit resume`, or follow the exchange\'s support process.' });
  }
}

export const manualConfirm: ActionDefinition<Input> = {
  name: 'manual.confirm',
  description: 'Shows instructions and waits for the operator to confirm they are done',
  effect: 'local',
  input,
  describe: (i) => `ask the operator to: ${i.instructions ?? '(instructions)'}`,
  async run(ctx, i) {
    if (ctx.dryRun) {
      // Nothing may happen in the world during a dry run, by kit or by the operator.
      ctx.log(`would ask the operator to: ${instructionsOf(i)}`);
      return outputs('dry-run');
    }
    if (ctx.operator) {
      const done = await untilAborted(ctx.operator.perform(i.kind ?? 'manual.confirm', { ...i.details, stepId: ctx.stepId, instructions: i.instructions }), ctx.signal);
      if (done) return outputs('stand-in', done);
    }
    if (ctx.prompter.interactive && !ctx.yes) return askOperator(ctx, i);
    if (i['auto-confirm']) {
      ctx.log(`auto-confirmed (the runbook allows it): ${instructionsOf(i)}`);
      return outputs('auto-confirm');
    }
    throw new ActionError(`this step needs a person to: ${instructionsOf(i)}`, {
      hint: 'Run kit in a terminal without --yes to confirm it, or set `auto-confirm: true` in the step\'s `with` if the runbook may skip it.',
    });
  },
};
