// wait: let time pass (e.g. watch for continued activity after containment). Ends at once when
// the step times out or the operator interrupts. A dry run does not wait: nothing changes.
import { z } from 'zod';
import { duration } from '../../runbook/schema.js';
import { parseDuration } from '../../runbook/duration.js';
import type { ActionDefinition } from '../types.js';
import { sleep } from './abortable.js';

const input = z.strictObject({
  duration,
  reason: z.string().optional(),
});
type Input = z.infer<typeof input>;

export const wait: ActionDefinition<Input> = {
  name: 'wait',
  description: 'Waits for a duration (honours the step timeout and Ctrl-C)',
  effect: 'local',
  input,
  describe: (i) => `wait ${i.duration ?? ''}${i.reason ? ` (${i.reason})` : ''}`,
  async run(ctx, i) {
    const ms = parseDuration(i.duration);
    const why = i.reason ? `: ${i.reason}` : '';
    if (ctx.dryRun) {
      ctx.log(`would wait ${i.duration}${why}`);
      return { waitedMs: 0 };
    }
    ctx.log(`waiting ${i.duration}${why}`);
    await sleep(ms, ctx.signal);
    return { waitedMs: ms };
  },
};
