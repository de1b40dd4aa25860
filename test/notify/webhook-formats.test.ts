// Each service's documented body format and limits, with a notification full of hostile text.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { discordBody, jsonBody, LIMITS, slackBody, telegramBody, webhookJsonSchema } from '../../src/notify/webhook-formats.js';
import type { Notification } from '../../src/notify/notification.js';

const HOSTILE = '<script>alert(1)</script> @everyone *bold* `code` [link](x) & <@123>';

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    subject: '[kit] Compromise suspected on binance/main: incident x', headline: 'Compromise suspected on binance/main', summary: `Summary with ${HOSTILE}`,
    verdictLevel: 'compromise-suspected', dryRun: false, drill: false, incidentId: '20250307T1504Z-key-compromise-a1b2', runStatus: 'succeeded',
    metrics: [{ name: 'Time to contain', text: '6 s', note: 'at 2025-03-07T15:04:17.390Z' }],
    actions: [{ id: 'cancel-orders', uses: 'exchange.cancel-all-orders', status: 'succeeded', result: 'cancelled: 7' }],
    todo: [`Contact binance support about withdrawal to ${HOSTILE}`], chainVerifies: true, evidenceMatches: true, reportFiles: ['report.html'],
    generatedAt: '2025-03-07T15:06:00.000Z', ...overrides,
  };
}

// Slack incoming webhooks: https://api.slack.com/messaging/webhooks and the Block Kit reference.
const slackText = z.object({ type: z.enum(['mrkdwn', 'plain_text']), text: z.string().min(1).max(3000) });
const slackSchema = z.object({
  text: z.string().min(1),
  blocks: z.array(z.union([
    z.object({ type: z.literal('header'), text: z.object({ type: z.literal('plain_text'), text: z.string().max(150) }).passthrough() }),
    z.object({ type: z.literal('section'), text: slackText.optional(), fields: z.array(slackText.extend({ text: z.string().max(2000) })).max(10).optional() }),
    z.object({ type: z.literal('context'), elements: z.array(slackText).max(10) }),
  ])).max(50),
}).strict();

// Discord execute-webhook: https://discord.com/developers/docs/resources/webhook#execute-webhook (embed limits).
const discordSchema = z.object({
  content: z.string().max(2000),
  embeds: z.array(z.object({
    title: z.string().max(256), description: z.string().max(4096), color: z.number().int(), timestamp: z.string(),
    fields: z.array(z.object({ name: z.string().min(1).max(256), value: z.string().min(1).max(1024), inline: z.boolean() })).max(25),
    footer: z.object({ text: z.string().max(2048) }),
  })).max(10),
  allowed_mentions: z.object({ parse: z.array(z.string()).length(0) }),
}).strict();

// Telegram Bot API sendMessage: https://core.telegram.org/bots/api#sendmessage
const telegramSchema = z.object({
  chat_id: z.union([z.number(), z.string()]), text: z.string().min(1), parse_mode: z.literal('HTML'), link_preview_options: z.object({ is_disabled: z.boolean() }),
}).strict();

const embedTotal = (e: { title: string; description: string; footer: { text: string }; fields: Array<{ name: string; value: string }> }) =>
  e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('Slack body', () => {
  it('matches the incoming-webhook format and escapes &, < and > in mrkdwn', () => {
    const body = slackSchema.parse(slackBody(notification()));
    const json = JSON.stringify(body.blocks);
    expect(json).not.toContain('<script>');
    expect(json).not.toContain('<@123>');
    expect(json).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(json).toContain('&amp;');
  });

  it('keeps within the section limit for a very long summary', () => {
    const body = slackSchema.parse(slackBody(notification({ summary: 'x'.repeat(10_000) })));
    expect(body.text.length).toBeLessThanOrEqual(LIMITS.slack.text);
  });
});

describe('Discord body', () => {
  it('matches the execute-webhook format, pings nobody and escapes Markdown', () => {
    const body = discordSchema.parse(discordBody(notification({ dryRun: true })));
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(body.embeds[0].description).toContain('\\*bold\\*');
    expect(body.embeds[0].description).toContain('\\`code\\`');
    expect(body.embeds[0].description).toContain('\\[link\\](x)');
    expect(body.embeds[0].title.startsWith('[DRY RUN] ')).toBe(true);
  });

  it('stays within every limit, the 6000-character embed total included', () => {
    const long = 'y'.repeat(9000);
    const body = discordSchema.parse(discordBody(notification({ summary: long, headline: long, todo: [long, long], actions: Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, uses: 'x.y', status: 'succeeded', result: long })) })));
    expect(embedTotal(body.embeds[0])).toBeLessThanOrEqual(LIMITS.discord.total);
  });
});

describe('Telegram body', () => {
  it('matches sendMessage with parse_mode HTML: only kit\'s own <b>, everything else escaped', () => {
    const body = telegramSchema.parse(telegramBody(notification(), -100123));
    expect(body.chat_id).toBe(-100123);
    expect(body.text.match(/<[^&]*?>/g)).toEqual(['<b>', '</b>']);
    expect(body.text).toContain('&lt;script&gt;');
  });

  it('keeps the visible text within 4096 characters', () => {
    const body = telegramSchema.parse(telegramBody(notification({ summary: 'z'.repeat(10_000) }), 1));
    const visible = body.text.replace(/<\/?b>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(visible.length).toBeLessThanOrEqual(LIMITS.telegram.text);
  });
});

describe('kit JSON body', () => {
  it('validates against the exported schema', () => {
    const body = webhookJsonSchema.parse(jsonBody(notification()));
    expect(body).toMatchObject({ source: 'kit', type: 'incident.notification', version: 1, verdict: 'compromise-suspected' });
  });
});
