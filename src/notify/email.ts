// E-mail through nodemailer: compose the message (plain-text and HTML parts from templates, the
// report attached), send it over SMTP with STARTTLS and timeouts, or render it to an .eml file
// without sending. The only module in kit that imports nodemailer, and only when called.
import os from 'node:os';
import type { SendMailOptions } from 'nodemailer';
import { ActionError } from '../actions/types.js';
import { redact } from '../secrets/redact.js';
import { TemplateSet } from '../report/templates.js';
import type { Prepared } from './prepare.js';
import type { SmtpSettings } from './smtp-settings.js';

export interface EmailAddressing {
  to: string[];
  cc?: string[];
  from?: string;
  subject?: string;
  templatesDir?: string;
}

export async function composeEmail(prepared: Prepared, addressing: EmailAddressing, settings?: Pick<SmtpSettings, 'user'>): Promise<SendMailOptions> {
  const [textSet, htmlSet] = await Promise.all([TemplateSet.load('text', addressing.templatesDir), TemplateSet.load('html', addressing.templatesDir)]);
  const subject = addressing.subject ?? prepared.notification.subject;
  const context = { ...prepared.notification, subject };
  const text = redact((await textSet.compile('notify/email.text.hbs'))(context));
  const html = redact((await htmlSet.compile('notify/email.html.hbs'))(context));
  const from = addressing.from ?? (settings?.user?.includes('@') ? settings.user : `kit@${os.hostname()}`);
  return {
    from,
    to: addressing.to,
    cc: addressing.cc,
    subject: redact(subject),
    text,
    html,
    attachments: prepared.attachments.map((a) => ({ filename: a.filename, path: a.path })),
    headers: { 'X-Kit-Incident': prepared.report.incident.id, 'X-Kit-Mode': prepared.report.dryRun ? 'dry-run' : 'live' },
  };
}

/** The complete RFC 5322 message, as it would be sent (for notifications/<step>.eml). */
export async function renderEmail(message: SendMailOptions): Promise<Buffer> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await transport.sendMail(message);
  return info.message as Buffer;
}

export interface SentEmail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

export async function sendEmail(settings: SmtpSettings, message: SendMailOptions, timeoutMs: number, signal?: AbortSignal): Promise<SentEmail> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && settings.starttls === 'required',
    ignoreTLS: !settings.secure && settings.starttls === 'off',
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    tls: { ca: settings.ca, minVersion: 'TLSv1.2' },
    name: os.hostname(),
  });
  const abort = () => transport.close();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const info = await transport.sendMail(message);
    const list = (value: unknown) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String((v as { address?: string }).address ?? v))) : []);
    return { messageId: String(info.messageId), accepted: list(info.accepted), rejected: list(info.rejected), response: redact(String(info.response ?? '')) };
  } catch (error) {
    throw smtpError(error, settings);
  } finally {
    signal?.removeEventListener('abort', abort);
    transport.close();
  }
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EPROTOCOL']);

/** Maps a nodemailer failure to the documented errors (README "Notifications"). */
export function smtpError(error: unknown, settings: Pick<SmtpSettings, 'server' | 'user'>): ActionError {
  const e = error as { code?: string; message?: string; responseCode?: number; response?: string };
  const detail = redact(String(e.response ?? e.message ?? error).split('\n')[0]).slice(0, 200);
  const server = `SMTP server ${settings.server}`;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new ActionError(`${server} refused the login${settings.user ? ` for ${settings.user}` : ''}: ${detail}`, {
      retryable: false, cause: error,
      hint: 'Check smtp.user and smtp.password (many providers want an app password when 2FA is on).',
    });
  }
  if (/certificate|self[- ]signed|unable to verify|CERT_|altnames/i.test(String(e.message))) {
    return new ActionError(`${server} presented a TLS certificate kit does not trust: ${detail}`, {
      retryable: false, cause: error,
      hint: 'For a server with a private CA, set smtp.tls-ca to the CA certificate (PEM); check that smtp.host matches the certificate\'s name.',
    });
  }
  if (e.code === 'ETLS' || /STARTTLS/i.test(String(e.message))) {
    return new ActionError(`${server} did not complete STARTTLS, and kit does not send incident reports unencrypted: ${detail}`, {
      retryable: false, cause: error,
      hint: 'Use the server\'s submission port (587) or smtps:// on 465; set smtp.tls-ca for a private CA; smtp.starttls: opportunistic only for a server on your own network.',
    });
  }
  if (e.code === 'EENVELOPE') {
    return new ActionError(`${server} refused the sender or the recipients: ${detail}`, { retryable: false, cause: error, hint: 'Check the to, cc and from addresses.' });
  }
  if (e.code === 'EMESSAGE') {
    return new ActionError(`${server} refused the message: ${detail}`, { retryable: false, cause: error, hint: 'The server may limit the size of attachments; attach fewer report formats (attach: [html]).' });
  }
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) {
    return new ActionError(`lost the connection to ${server} (${e.code}): ${detail}`, {
      retryable: true, cause: error,
      hint: 'Check smtp.host and smtp.port and that the server is reachable; the step\'s retry setting retries this.',
    });
  }
  return new ActionError(`could not send the e-mail through ${server}: ${detail}`, { retryable: false, cause: error });
}
