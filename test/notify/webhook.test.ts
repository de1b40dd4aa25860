import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { notifyWebhook, notifyWebhookInput } from '../../src/actions/notify/webhook.js';
import { ActionError } from '../../src/actions/types.js';
import { postWebhook } from '../../src/notify/webhook-send.js';
import { webhookJsonSchema } from '../../src/notify/webhook-formats.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';
import { makeIncident, type Fixture } from '../report/fixture.js';
import { actionContext } from './action-context.js';
import { startReceiver, type Receiver } from './http-receiver.js';

const SLACK_TOKEN = 'xoxbSECRETwebhookTOKEN0123456789';
const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let receiver: Receiver;
let f: Fixture;
beforeAll(async () => {
  receiver = await startReceiver();
  f = await makeIncident();
});
afterAll(async () => {
  await receiver.close();
  await f.cleanup();
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.script();
  clearSecretsForTests();
});

const input = (raw: Record<string, unknown>) => notifyWebhookInput.parse({ 'retry-delay': '10ms', ...raw });
const slackUrl = () => `${receiver.url}/services/T0001/B0001/${SLACK_TOKEN}`;

describe('notify.webhook posts to a local receiver', () => {
  it('posts a Slack incoming-webhook body', async () => {
    const outputs = await notifyWebhook.run(actionContext(f.dir), input({ format: 'slack', url: slackUrl() }));
    expect(outputs).toMatchObject({ sent: true, format: 'slack', status: 200, attempts: 1 });
    expect(outputs.destination).toBe(`${receiver.url}/services/T0001/B0001/[REDACTED]`);
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.json.text).toMatch(/^Compromise suspected on binance\/main: /);
    expect(got.json.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Compromise suspected on binance/main', emoji: false } });
  });

  it('posts a Discord body that pings nobody', async () => {
    receiver.script({ status: 204 });
    await notifyWebhook.run(actionContext(f.dir), input({ format: 'discord', url: `${receiver.url}/api/webhooks/112233445566778899/${SLACK_TOKEN}` }));
    const body = receiver.received[0].json;
    expect(Object.keys(body).sort()).toEqual(['allowed_mentions', 'content', 'embeds']);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0].title).toBe('Compromise suspected on binance/main');
  });

  it('calls Telegram sendMessage with the bot token in the path and chat_id, text, parse_mode in the body', async () => {
    receiver.script({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' });
    const outputs = await notifyWebhook.run(actionContext(f.dir), input({ format: 'telegram', url: receiver.url, token: BOT_TOKEN, 'chat-id': -1001234 }));
    expect(receiver.received[0].path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(receiver.received[0].json).toMatchObject({ chat_id: -1001234, parse_mode: 'HTML' });
    expect(receiver.received[0].json.text).toMatch(/^<b>Compromise suspected on binance\/main<\/b>/);
    expect(JSON.stringify(outputs)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(outputs)).not.toContain(BOT_TOKEN.split(':')[1]);
  });

  it('posts kit\'s JSON document, valid against its schema', async () => {
    await notifyWebhook.run(actionContext(f.dir), input({ format: 'json', url: `${receiver.url}/hook` }));
    const body = webhookJsonSchema.parse(receiver.received[0].json);
    expect(body.incidentId).toBe(f.incidentId);
    expect(body.actions.find((a) => a.id === 'notify-slack')?.status).toBe('failed');
  });
});

describe('retries and errors', () => {
  it('retries a 503 and succeeds', async () => {
    receiver.script({ status: 503, body: 'busy' });
    const outputs = await notifyWebhook.run(actionContext(f.dir), input({ format: 'json', url: `${receiver.url}/hook` }));
    expect(outputs).toMatchObject({ sent: true, attempts: 2 });
    expect(receiver.received).toHaveLength(2);
  });

  it('honours Retry-After on 429, in seconds or as a date, and Telegram\'s retry_after in the body', async () => {
    const waits: number[] = [];
    const options = { attempts: 4, baseDelayMs: 10, maxWaitMs: 60_000, timeoutMs: 5000, service: 'json webhook', sleep: async (ms: number) => void waits.push(ms) };
    receiver.script(
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}' },
      { status: 502 },
    );
    const result = await postWebhook(`${receiver.url}/hook`, { a: 1 }, options);
    expect(result).toMatchObject({ status: 200, attempts: 4 });
    expect(waits).toEqual([2000, 3000, 40]);
  });

  it('gives up with a retryable error when asked to wait longer than max-wait', async () => {
    receiver.script({ status: 429, headers: { 'retry-after': '3600' } });
    const error = await notifyWebhook.run(actionContext(f.dir), input({ format: 'json', url: `${receiver.url}/hook` })).catch((e: unknown) => e);
    expect((error as ActionError).message).toMatch(/asked kit to wait 3600 s before retrying/);
    expect(notifyWebhook.retryable?.(error)).toBe(true);
    expect(receiver.received).toHaveLength(1);
  });

  it('fails at once on a 404, with the service\'s answer, a hint and the token masked', async () => {
    receiver.script({ status: 404, body: `no_service for ${SLACK_TOKEN}` });
    const error = await notifyWebhook.run(actionContext(f.dir), input({ format: 'slack', url: slackUrl() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe(`slack webhook ${receiver.url}/services/T0001/B0001/[REDACTED] refused the message: HTTP 404 (no_service for [REDACTED])`);
    expect((error as ActionError).hint).toMatch(/does not exist/);
    expect((error as ActionError).retryable).toBe(false);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries network failures, then says what happened without the token', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/services/T1/B1/${SLACK_TOKEN}`;
    const error = await notifyWebhook.run(actionContext(f.dir), input({ format: 'slack', url, attempts: 3 })).catch((e: unknown) => e);
    expect((error as ActionError).message).toMatch(new RegExp(`^slack webhook http://127\\.0\\.0\\.1:${port}/services/T1/B1/\\[REDACTED\\] failed 3 times; last: ECONNREFUSED`));
    expect((error as ActionError).retryable).toBe(true);
    expect((error as ActionError).message).not.toContain(SLACK_TOKEN);
  });

  it('refuses plain http to another machine, since the URL holds a token', async () => {
    await expect(notifyWebhook.run(actionContext(f.dir), input({ format: 'slack', url: `http://hooks.example.test/services/T/B/${SLACK_TOKEN}` }))).rejects.toThrow(/refusing to post the slack notification over http/);
  });

  it('needs a chat-id for Telegram', async () => {
    await expect(notifyWebhook.run(actionContext(f.dir), input({ format: 'telegram', token: BOT_TOKEN }))).rejects.toThrow(/needs chat-id/);
  });
});

describe('rendering instead of posting', () => {
  it('renders into notifications/<step>.json in a dry run, with the token masked, and posts nothing', async () => {
    const planned = await notifyWebhook.plan!(actionContext(f.dir, { dryRun: true, stepId: 'tell-slack' }), input({ format: 'slack', url: slackUrl() }));
    expect(planned.summary).toBe(`would post a slack message to ${receiver.url}/services/T0001/B0001/[REDACTED]; not sent (dry run); rendered to notifications/tell-slack.json`);
    expect(receiver.received).toHaveLength(0);
    const file = path.join(f.dir, 'notifications/tell-slack.json');
    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain(SLACK_TOKEN);
    expect(JSON.parse(text)).toMatchObject({ format: 'slack', method: 'POST', body: { blocks: expect.any(Array) } });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('renders in a drill with no destination, and with render-only', async () => {
    const drill = await notifyWebhook.run(actionContext(f.dir, { settings: { drill: true }, stepId: 'drill-hook' }), input({ format: 'discord' }));
    expect(drill).toEqual({ sent: false, format: 'discord', destination: undefined, renderedPath: 'notifications/drill-hook.json' });
    const only = await notifyWebhook.run(actionContext(f.dir, { stepId: 'only' }), input({ format: 'json', url: `${receiver.url}/hook`, 'render-only': true }));
    expect(only).toMatchObject({ sent: false, renderedPath: 'notifications/only.json' });
    expect(receiver.received).toHaveLength(0);
  });

  it('fails clearly in a live run with no destination', async () => {
    await expect(notifyWebhook.run(actionContext(f.dir), input({ format: 'slack' }))).rejects.toThrow(/no destination for the slack notification/);
  });
});
