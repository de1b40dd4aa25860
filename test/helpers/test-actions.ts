// Small actions with real zod schemas, registered for the runbook tests (the shipped actions
// live on other branches). Their run/plan only echo their input: these tests exercise lint,
// inputs and expressions, never the engine.
import { z } from 'zod';
import { registerAction } from '../../src/actions/registry.js';
import { secret } from '../../src/actions/secret-field.js';
import type { ActionDefinition } from '../../src/actions/types.js';
import { DURATION_PATTERN } from '../../src/runbook/schema.js';

const echo = async (_ctx: unknown, input: Record<string, unknown>) => ({ ...input });

export const testActions: ActionDefinition[] = [
  {
    name: 'test.cancel-orders',
    description: 'Cancels every open order of an account (test action).',
    effect: 'write',
    input: z.strictObject({ exchange: z.string().min(1), account: z.string().default('main'), side: z.enum(['buy', 'sell']).optional(), limit: z.number().int().min(1).optional() }),
    run: echo,
    plan: async (_ctx, input) => ({ summary: `would cancel open orders on ${input.exchange}/${input.account}`, outputs: { cancelled: 0 } }),
    reconcile: async () => ({ done: false, note: 'nothing seen' }),
    retryable: () => true,
    describe: (input) => `cancel every open order on ${input.exchange ?? '?'}/${input.account ?? 'main'}`,
  },
  {
    name: 'test.read-activity',
    description: 'Reads recent activity (test action).',
    effect: 'read',
    input: z.strictObject({ exchange: z.string(), since: z.string().regex(DURATION_PATTERN, 'expected a duration such as 72h') }),
    run: async () => ({ trades: 3, method: 'api' }),
  },
  {
    name: 'test.notify',
    description: 'Sends a notification (test action).',
    effect: 'notify',
    input: z.strictObject({ to: z.string().email('expected an e-mail address'), subject: z.string(), password: secret(z.string()).optional() }),
    run: echo,
    plan: async (_ctx, input) => ({ summary: `would e-mail ${input.to}: ${input.subject}`, outputs: {} }),
  },
  {
    name: 'test.note',
    description: 'Writes a note (test action).',
    effect: 'local',
    input: z.strictObject({ message: z.string() }),
    run: echo,
  },
];

export function registerTestActions(): void {
  for (const action of testActions) registerAction(action);
}
