// notify.email: e-mails the incident summary with the report attached. Effect `notify`: in a dry
// run the engine calls plan(), which renders the message into notifications/<step>.eml and sends
// nothing; so does run() with `render-only: true`, or in a drill with no SMTP server configured.
import { z } from 'zod';
import { duration } from '../../runbook/schema.js';
import { secret } from '../secret-field.js';
import { ActionError, type ActionContext, type ActionDefinition, type PlanResult } from '../types.js';

const addresses = z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]);

export const smtpSettingsInput = z.strictObject({
  /** smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465. */
  url: secret(z.string()).optional(),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().optional(),
  password: secret(z.string()).optional(),
  secure: z.boolean().optional(),
  starttls: z.enum(['required', 'opportunistic', 'off']).optional(),
  'tls-ca': z.string().optional(),
});

export const notifyEmailInput = z.strictObject({
  to: addresses,
  cc: addresses.optional(),
  from: z.string().optional(),
  subject: z.string().optional(),
  /** The whole block is secret by field (it holds a password), so the journal never shows it. */
  smtp: secret(smtpSettingsInput).optional(),
  /** Report formats to attach; rendered now when the runbook did not render them. */
  attach: z.array(z.enum(['html', 'md', 'json'])).default(['html']),
  /** Render the message into the incident folder and do not send it. */
  'render-only': z.boolean().default(false),
  timeout: duration.default('30s'),
  /** Your own copy of templates/ (notify/email.text.hbs, notify/email.html.hbs). */
  templates: z.string().optional(),
});
export type NotifyEmailInput = z.infer<typeof notifyEmailInput>;

export interface NotifyEmailOutputs extends Record<string, unknown> {
  sent: boolean;
  to: string[];
  subject: string;
  attachments: string[];
  /** Where the message was rendered when not sent (relative to the incident folder). */
  renderedPath?: string;
  server?: string;
  messageId?: string;
  accepted?: string[];
  rejected?: string[];
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function renderOnly(ctx: ActionContext, input: NotifyEmailInput, why: string): Promise<PlanResult<NotifyEmailOutputs>> {
  const [{ prepareNotification, renderedPath }, { composeEmail, renderEmail }, { writeFileAtomic }] = await Promise.all([
    import('../../notify/prepare.js'), import('../../notify/email.js'), import('../../util/atomic-write.js'),
  ]);
  const prepared = await prepareNotification(ctx.incidentDir, input.attach);
  const message = await composeEmail(prepared, { to: list(input.to), cc: list(input.cc), from: input.from, subject: input.subject, templatesDir: input.templates });
  const target = renderedPath(ctx.incidentDir, ctx.stepId, 'eml');
  await writeFileAtomic(target.absolute, await renderEmail(message), { mode: 0o600 });
  const to = list(input.to);
  ctx.log(`e-mail not sent (${why}); rendered to ${target.relative}`);
  return {
    summary: `would e-mail ${to.join(', ')} "${String(message.subject)}"; not sent (${why}); rendered to ${target.relative}`,
    outputs: { sent: false, to, subject: String(message.subject), attachments: prepared.attachments.map((a) => a.filename), renderedPath: target.relative },
  };
}

export const notifyEmail: ActionDefinition<NotifyEmailInput, NotifyEmailOutputs> = {
  name: 'notify.email',
  description: 'E-mail the incident summary, with the report attached, over SMTP (STARTTLS).',
  effect: 'notify',
  input: notifyEmailInput,
  async plan(ctx, input) {
    return renderOnly(ctx, input, 'dry run');
  },
  async run(ctx, input) {
    const { hasSmtpDestination, resolveSmtp } = await import('../../notify/smtp-settings.js');
    if (input['render-only']) return (await renderOnly(ctx, input, 'render-only')).outputs;
    if (ctx.settings.drill && !hasSmtpDestination(input.smtp)) return (await renderOnly(ctx, input, 'drill without an SMTP server')).outputs;
    const settings = resolveSmtp(input.smtp);
    const [{ prepareNotification }, { composeEmail, sendEmail }, { parseDuration }] = await Promise.all([
      import('../../notify/prepare.js'), import('../../notify/email.js'), import('../../runbook/duration.js'),
    ]);
    const prepared = await prepareNotification(ctx.incidentDir, input.attach);
    const to = list(input.to);
    const message = await composeEmail(prepared, { to, cc: list(input.cc), from: input.from, subject: input.subject, templatesDir: input.templates }, settings);
    ctx.log(`sending e-mail to ${to.join(', ')} through ${settings.server}`);
    const sent = await sendEmail(settings, message, parseDuration(input.timeout), ctx.signal);
    if (sent.accepted.length === 0) throw new ActionError(`SMTP server ${settings.server} accepted none of the recipients (${sent.rejected.join(', ')})`, { hint: 'Check the to and cc addresses.' });
    return {
      sent: true, to, subject: String(message.subject), attachments: prepared.attachments.map((a) => a.filename), server: settings.server,
      messageId: sent.messageId, accepted: sent.accepted, rejected: sent.rejected,
    };
  },
  retryable(error) {
    return error instanceof ActionError && error.retryable;
  },
  describe(input) {
    return `e-mail ${list(input.to).join(', ') || 'the recipients'} the incident summary with the report attached`;
  },
};
