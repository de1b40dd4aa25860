// Webhook and SMTP URLs carry credentials: Slack and Discord put the token in the path,
// Telegram puts the bot token in the path, others use query strings or user:password@.
// Every such part is registered with the redactor before the URL is used, so no message,
// error or journal line can show it, and describeUrl() gives a form that is safe to print.
import { registerSecret } from '../secrets/redact.js';

/** A path segment that looks like a credential: long, or a Telegram `bot<id>:<token>`. */
function isTokenLike(segment: string): boolean {
  return segment.length >= 16 || /^bot\d+:/.test(segment) || /\d+:[A-Za-z0-9_-]{20,}/.test(segment);
}

export function registerUrlSecrets(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    registerSecret(raw);
    return;
  }
  if (url.password) {
    registerSecret(url.password);
    registerSecret(decodeURIComponent(url.password));
  }
  for (const segment of url.pathname.split('/')) {
    if (!isTokenLike(segment)) continue;
    registerSecret(segment);
    registerSecret(decodeURIComponent(segment));
    // Telegram: the token alone, without the `bot` prefix.
    if (/^bot\d+:/.test(segment)) registerSecret(segment.slice(3));
  }
  for (const value of url.searchParams.values()) registerSecret(value);
}

/** The URL as it may be shown: scheme, host and port, with credential-like parts masked. */
export function describeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '[an invalid URL]';
  }
  const path = url.pathname.split('/').map((s) => (isTokenLike(s) ? '[REDACTED]' : s)).join('/');
  const query = url.search ? '?[REDACTED]' : '';
  const user = url.username ? `${url.username}${url.password ? ':[REDACTED]' : ''}@` : '';
  return `${url.protocol}//${user}${url.host}${path}${query}`;
}
