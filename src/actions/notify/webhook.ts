// notify.webhook: posts the incident summary to Slack, Discord, Telegram (Bot API sendMessage) or
// any endpoint that takes kit's JSON. Effect `notify`: a dry run (plan), `render-only: true`, or a
// drill with no destination writes the body into notifications/<step>.json instead of posting it.
import { z } from 'zod';
import { duration } from '../../runbook/schema.js';
import { secret } from '../secret-field.js';
import { ActionError, type ActionContext, type ActionDefinition, type PlanResult } from '../types.js';

export const notifyWebhookInput = z.strictObject({
  format: z.enum(['slack', 'discord', 'telegram', 'json']),
  /** The webhook URL (Slack, Discord, json), or for Telegram the Bot API base or the full sendMessage URL. */
  url: secret(z.string()).optional(),
  /** Telegram: the bot token (the URL is then https://api.telegram.org/bot<token>/sendMessage). */
  token: secret(z.string()).optional(),
  /** Telegram: the chat to post to. */
  'chat-id': z.union([z.string().min(1), z.number().int()]).optional(),
  'render-only': z.boolean().default(false),
  timeout: duration.default('10s'),
  /** Total attempts on transient failures (network, timeout, 408, 429, 5xx). */
  attempts: z.number().int().min(1).max(10).default(4),
  'retry-delay': duration.default('1s'),
  /** The longest Retry-After kit waits for. */
  'max-wait': duration.default('60s'),
});
export type NotifyWebhookInput = z.infer<typeof notifyWebhookInput>;

export interface NotifyWebhookOutputs extends Record<string, unknown> {
  sent: boolean;
  format: string;
  /** The destination with its tokens masked. */
  destination?: string;
  status?: number;
  attempts?: number;
  renderedPath?: string;
}

const TELEGRAM_API = 'https://api.telegram.org';

/** The URL to post to, or undefined when the step names no destination. Registers its secrets. */
async function endpointOf(input: NotifyWebhookInput): Promise<string | undefined> {
  const { registerUrlSecrets } = await import('../../notify/url-secrets.js');
  const { registerSecret } = await import('../../secrets/redact.js');
  registerSecret(input.token);
  let endpoint = input.url;
  if (input.format === 'telegram' && input.token) endpoint = `${(input.url ?? TELEGRAM_API).replace(/\/+$/, '')}/bot${input.token}/sendMessage`;
  if (endpoint === undefined) return undefined;
  registerUrlSecrets(endpoint);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ActionError(`the ${input.format} webhook URL is not a valid URL`, { hint: 'Paste the whole URL the service gave you, starting with https://.' });
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ActionError(`refusing to post the ${input.format} notification over ${url.protocol.replace(':', '')}: the URL holds a token`, { hint: 'Use the https:// URL (plain http is accepted only for a receiver on this machine).' });
  }
  if (input.format === 'telegram' && input['chat-id'] === undefined) {
    throw new ActionError('a telegram notification needs chat-id', { hint: 'Set chat-id to the chat\'s id (a number, or @channelname for a public channel).' });
  }
  return endpoint;
}

async function render(ctx: ActionContext, input: NotifyWebhookInput, endpoint: string | undefined, why: string): Promise<PlanResult<NotifyWebhookOutputs>> {
  const [{ prepareNotification, renderedPath }, { webhookBody }, { describeUrl }, { writeFileAtomic }, { redact }] = await Promise.all([
    import('../../notify/prepare.js'), import('../../notify/webhook-formats.js'), import('../../notify/url-secrets.js'), import('../../util/atomic-write.js'), import('../../secrets/redact.js'),
  ]);
  const prepared = await prepareNotification(ctx.incidentDir, ['html']);
  const body = webhookBody(input.format, prepared.notification, input['chat-id']);
  const target = renderedPath(ctx.incidentDir, ctx.stepId, 'json');
  const destination = endpoint ? describeUrl(endpoint) : undefined;
  await writeFileAtomic(target.absolute, redact(JSON.stringify({ format: input.format, method: 'POST', destination: destination ?? null, body }, null, 2)) + '\n', { mode: 0o600 });
  ctx.log(`${input.format} message not sent (${why}); rendered to ${target.relative}`);
  return {
    summary: `would post a ${input.format} message${destination ? ` to ${destination}` : ''}; not sent (${why}); rendered to ${target.relative}`,
    outputs: { sent: false, format: input.format, destination, renderedPath: target.relative },
  };
}

export const notifyWebhook: ActionDefinition<NotifyWebhookInput, NotifyWebhookOutputs> = {
  name: 'notify.webhook',
  description: 'Post the incident summary to Slack, Discord, Telegram or a JSON webhook, retrying transient failures.',
  effect: 'notify',
  input: notifyWebhookInput,
  async plan(ctx, input) {
    // A bad URL or a missing chat-id fails the dry run too: better found now than during an incident.
    return render(ctx, input, await endpointOf(input), 'dry run');
  },
  async run(ctx, input) {
    const endpoint = await endpointOf(input);
    if (input['render-only']) return (await render(ctx, input, endpoint, 'render-only')).outputs;
    if (endpoint === undefined) {
      if (ctx.settings.drill) return (await render(ctx, input, undefined, 'drill without a destination')).outputs;
      throw new ActionError(`no destination for the ${input.format} notification`, { hint: input.format === 'telegram' ? 'Set token and chat-id in the step\'s `with`.' : 'Set url in the step\'s `with` to the webhook URL the service gave you.' });
    }
    const [{ prepareNotification }, { webhookBody }, { postWebhook }, { describeUrl }, { parseDuration }] = await Promise.all([
      import('../../notify/prepare.js'), import('../../notify/webhook-formats.js'), import('../../notify/webhook-send.js'), import('../../notify/url-secrets.js'), import('../../runbook/duration.js'),
    ]);
    const prepared = await prepareNotification(ctx.incidentDir, ['html']);
    const body = webhookBody(input.format, prepared.notification, input['chat-id']);
    const destination = describeUrl(endpoint);
    ctx.log(`posting a ${input.format} message to ${destination}`);
    const result = await postWebhook(endpoint, body, {
      service: `${input.format} webhook`, attempts: input.attempts, baseDelayMs: parseDuration(input['retry-delay']),
      maxWaitMs: parseDuration(input['max-wait']), timeoutMs: parseDuration(input.timeout), signal: ctx.signal,
    });
    return { sent: true, format: input.format, destination, status: result.status, attempts: result.attempts };
  },
  retryable(error) {
    return error instanceof ActionError && error.retryable;
  },
  describe(input) {
    return `post the incident summary as a ${input.format ?? 'webhook'} message`;
  },
};
