// log.note: a line for the operator and the journal (and so for the report's timeline).
import { z } from 'zod';
import type { ActionDefinition } from '../types.js';

const input = z.strictObject({
  message: z.string().min(1),
  level: z.enum(['info', 'warn']).default('info'),
});
type Input = z.infer<typeof input>;

export const logNote: ActionDefinition<Input> = {
  name: 'log.note',
  description: 'Writes a note to the output and the incident journal',
  effect: 'local',
  input,
  describe: (i) => `note: ${i.message ?? ''}`,
  async run(ctx, i) {
    ctx.log(i.level === 'warn' ? `warning: ${i.message}` : i.message);
    return { message: i.message, level: i.level };
  },
};
