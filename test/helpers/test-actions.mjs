// Small actions with real zod schemas for the runbook tests (the shipped actions live on other
// branches). A factory over its dependencies, so that the vitest tests (src/ modules) and the
// CLI tests (dist/ modules, preloaded with `node --import`) register the very same actions.
// Their run/plan only echo their input: these tests exercise lint, show and inputs, not the engine.

/**
 * @param {{ z: typeof import('zod').z, secret: <T>(s: T) => T, durationPattern: RegExp }} deps
 * @returns {import('../../src/actions/types.js').ActionDefinition[]}
 */
export function defineTestActions({ z, secret, durationPattern }) {
  const echo = async (_ctx, input) => ({ ...input });
  return [
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
      input: z.strictObject({ exchange: z.string(), since: z.string().regex(durationPattern, 'expected a duration such as 72h') }),
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
}
