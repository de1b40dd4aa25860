// The body of a webhook message in each service's documented format, within its documented
// limits, with each service's own escaping (exchange data reaches these messages):
//  - Slack incoming webhook: { text, blocks } — mrkdwn escapes &, <, >; section text <= 3000,
//    header <= 150, fields <= 10 of <= 2000, blocks <= 50.
//  - Discord webhook: { content <= 2000, embeds <= 10 (title <= 256, description <= 4096,
//    fields <= 25 with name <= 256 and value <= 1024, footer <= 2048, all text <= 6000),
//    allowed_mentions } — Markdown escaped, and no mention can ping anyone.
//  - Telegram Bot API sendMessage: { chat_id, text <= 4096, parse_mode: 'HTML' } — &, <, > escaped.
//  - json: kit's own document, `webhookJsonSchema` below.
import { z } from 'zod';
import type { Notification } from './notification.js';

export type WebhookFormat = 'slack' | 'discord' | 'telegram' | 'json';

export const LIMITS = {
  slack: { section: 3000, header: 150, field: 2000, fields: 10, text: 3000 },
  discord: { content: 2000, title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, footer: 2048, total: 6000 },
  telegram: { text: 4096 },
} as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

const tag = (n: Notification): string => `${n.dryRun ? '[DRY RUN] ' : ''}${n.drill ? '[DRILL] ' : ''}`;
const actionLine = (a: Notification['actions'][number]): string => `${a.id} (${a.uses}): ${a.status}`;
const evidenceLine = (n: Notification): string =>
  `Journal chain ${n.chainVerifies ? 'verifies' : 'DOES NOT VERIFY'}; evidence files ${n.evidenceMatches ? 'match' : 'DO NOT ALL MATCH'}. Report: ${n.reportFiles.join(', ') || 'not rendered'} in incident ${n.incidentId}.`;

// Slack ---------------------------------------------------------------------------------------

export const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackBody(n: Notification): Record<string, unknown> {
  const s = LIMITS.slack;
  const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: truncate(slackEscape(text), max) });
  return {
    text: truncate(`${tag(n)}${n.headline}: ${n.summary}`, s.text),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`${tag(n)}${n.headline}`, s.header), emoji: false } },
      { type: 'section', text: mrkdwn(n.summary, s.section) },
      { type: 'section', fields: n.metrics.slice(0, s.fields).map((m) => ({ type: 'mrkdwn', text: truncate(`*${slackEscape(m.name)}*\n${slackEscape(m.text)}`, s.field) })) },
      { type: 'section', text: mrkdwn(n.actions.map((a) => `• ${actionLine(a)}`).join('\n') || 'No step ran.', s.section) },
      ...(n.todo.length ? [{ type: 'section', text: mrkdwn(`Still to do:\n${n.todo.map((t) => `• ${t}`).join('\n')}`, s.section) }] : []),
      { type: 'context', elements: [mrkdwn(evidenceLine(n), s.section)] },
    ],
  };
}

// Discord -------------------------------------------------------------------------------------

export const discordEscape = (text: string): string => text.replace(/([\\*_~`|>#[\]])/g, '\\$1');

const DISCORD_COLOR = { 'compromise-suspected': 0xc62828, suspicious: 0xb26a00, clean: 0x2e7d32, unknown: 0x5b6475 } as const;

export function discordBody(n: Notification): Record<string, unknown> {
  const d = LIMITS.discord;
  const fields = [
    ...n.metrics.map((m) => ({ name: truncate(m.name, d.fieldName), value: truncate(discordEscape(m.text), d.fieldValue), inline: true })),
    { name: 'Actions', value: truncate(discordEscape(n.actions.map(actionLine).join('\n') || 'No step ran.'), d.fieldValue), inline: false },
    ...(n.todo.length ? [{ name: 'Still to do', value: truncate(discordEscape(n.todo.map((t) => `- ${t}`).join('\n')), d.fieldValue), inline: false }] : []),
  ].slice(0, d.fields);
  const title = truncate(`${tag(n)}${n.headline}`, d.title);
  const footer = truncate(evidenceLine(n), d.footer);
  // Keep the whole embed within Discord's 6000-character total.
  const used = title.length + footer.length + fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  const description = truncate(discordEscape(n.summary), Math.max(0, Math.min(d.description, d.total - used)));
  return {
    content: truncate(discordEscape(`${tag(n)}${n.headline} (incident ${n.incidentId})`), d.content),
    embeds: [{ title, description, color: DISCORD_COLOR[n.verdictLevel], fields, footer: { text: footer }, timestamp: n.generatedAt }],
    allowed_mentions: { parse: [] },
  };
}

// Telegram ------------------------------------------------------------------------------------

export const telegramEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function telegramBody(n: Notification, chatId: string | number): Record<string, unknown> {
  const head = `${tag(n)}${n.headline}`;
  const tail = [
    '',
    ...n.metrics.map((m) => `${m.name}: ${m.text}`),
    '',
    ...n.actions.map((a) => `• ${actionLine(a)}`),
    ...(n.todo.length ? ['', 'Still to do:', ...n.todo.map((t) => `• ${t}`)] : []),
    '',
    evidenceLine(n),
  ].join('\n');
  // The limit counts the text after entities are parsed: the visible characters.
  const budget = LIMITS.telegram.text - head.length - 2;
  const summary = truncate(n.summary, Math.max(0, budget - tail.length));
  const rest = truncate(`${summary}\n${tail}`, Math.max(0, budget));
  return { chat_id: chatId, text: `<b>${telegramEscape(head)}</b>\n\n${telegramEscape(rest)}`, parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
}

// kit's JSON ----------------------------------------------------------------------------------

export const webhookJsonSchema = z.strictObject({
  source: z.literal('kit'),
  type: z.literal('incident.notification'),
  version: z.literal(1),
  incidentId: z.string(),
  subject: z.string(),
  headline: z.string(),
  summary: z.string(),
  verdict: z.enum(['compromise-suspected', 'suspicious', 'clean', 'unknown']),
  dryRun: z.boolean(),
  drill: z.boolean(),
  runStatus: z.string(),
  metrics: z.array(z.strictObject({ name: z.string(), text: z.string(), note: z.string() })),
  actions: z.array(z.strictObject({ id: z.string(), uses: z.string(), status: z.string(), result: z.string() })),
  todo: z.array(z.string()),
  chainVerifies: z.boolean(),
  evidenceMatches: z.boolean(),
  reportFiles: z.array(z.string()),
  generatedAt: z.string(),
});
export type WebhookJson = z.infer<typeof webhookJsonSchema>;

export function jsonBody(n: Notification): WebhookJson {
  const { verdictLevel, ...rest } = n;
  return { source: 'kit', type: 'incident.notification', version: 1, ...rest, verdict: verdictLevel };
}

export function webhookBody(format: WebhookFormat, n: Notification, chatId?: string | number): Record<string, unknown> {
  switch (format) {
    case 'slack': return slackBody(n);
    case 'discord': return discordBody(n);
    case 'telegram': return telegramBody(n, chatId ?? '');
    case 'json': return jsonBody(n);
  }
}
