// Where e-mail goes: the step's `smtp` settings (a URL, or host/port/user/password), else the
// KIT_SMTP_URL environment variable. Every credential is registered with the redactor first.
import { readFileSync } from 'node:fs';
import { ActionError } from '../actions/types.js';
import { registerSecret } from '../secrets/redact.js';
import { describeUrl, registerUrlSecrets } from './url-secrets.js';

export interface SmtpInput {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** TLS from the first byte (port 465). Default: true for smtps:// and port 465. */
  secure?: boolean;
  /** required (default): refuse to send without STARTTLS; opportunistic: use it when offered; off. */
  starttls?: 'required' | 'opportunistic' | 'off';
  /** A PEM file of the CA that signed the server's certificate (a private mail server). */
  'tls-ca'?: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  starttls: 'required' | 'opportunistic' | 'off';
  user?: string;
  password?: string;
  ca?: string;
  /** host:port, safe to print. */
  server: string;
  source: 'step' | 'KIT_SMTP_URL';
}

export function hasSmtpDestination(input: SmtpInput | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(input?.url || input?.host || env.KIT_SMTP_URL);
}

export function resolveSmtp(input: SmtpInput | undefined, env: NodeJS.ProcessEnv = process.env): SmtpSettings {
  const fromUrl = input?.url ?? (input?.host ? undefined : env.KIT_SMTP_URL);
  const source: SmtpSettings['source'] = input?.url || input?.host ? 'step' : 'KIT_SMTP_URL';
  let host = input?.host;
  let port = input?.port;
  let user = input?.user;
  let password = input?.password;
  let secure = input?.secure;
  if (fromUrl) {
    registerUrlSecrets(fromUrl);
    let url: URL;
    try {
      url = new URL(fromUrl);
    } catch {
      throw new ActionError(`the SMTP URL (${source === 'step' ? 'smtp.url' : 'KIT_SMTP_URL'}) is not a valid URL`, { hint: 'Use smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS).' });
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new ActionError(`the SMTP URL ${describeUrl(fromUrl)} must start with smtp:// or smtps://`, { hint: 'Use smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS).' });
    }
    host = url.hostname.replace(/^\[|\]$/g, '');
    port = url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587;
    secure = secure ?? url.protocol === 'smtps:';
    user = user ?? (url.username ? decodeURIComponent(url.username) : undefined);
    password = password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  }
  if (!host) {
    throw new ActionError('no SMTP server is configured for this e-mail step', {
      hint: 'Set smtp.url (or smtp.host, smtp.port, smtp.user, smtp.password) in the step\'s `with`, or KIT_SMTP_URL in the environment; in a drill, render-only: true writes the message into the incident folder instead.',
    });
  }
  registerSecret(password);
  port = port ?? (secure ? 465 : 587);
  let ca: string | undefined;
  if (input?.['tls-ca']) {
    try {
      ca = readFileSync(input['tls-ca'], 'utf8');
    } catch (error) {
      throw new ActionError(`could not read smtp.tls-ca ${input['tls-ca']} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { hint: 'Give the path of a PEM file holding the CA certificate of your mail server.' });
    }
  }
  return { host, port, secure: secure ?? port === 465, starttls: input?.starttls ?? 'required', user, password, ca, server: `${host}:${port}`, source };
}
