import { afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTests, redact, redactValue, registerSecret } from '../src/secrets/redact.js';

describe('redactor', () => {
  afterEach(() => clearSecretsForTests());

  it('masks a registered secret in raw, URL-encoded, base64 and hex forms', () => {
    const secret = 'Zx9/+canary=secret';
    registerSecret(secret);
    const text = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')].join(' | ');
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain(Buffer.from(secret).toString('base64'));
    expect(out).not.toContain(Buffer.from(secret).toString('hex'));
    expect(out.split('[REDACTED]').length - 1).toBe(4);
  });

  it('masks fields named like secrets whatever their value, and walks nested values', () => {
    const out = redactValue({ apiKey: 'short', nested: { password: 'p', note: 'ok' }, list: [{ secret: 's' }] });
    expect(out).toEqual({ apiKey: '[REDACTED]', nested: { password: '[REDACTED]', note: 'ok' }, list: [{ secret: '[REDACTED]' }] });
  });

  it('leaves short values alone so ordinary output stays readable', () => {
    registerSecret('abc');
    expect(redact('abc def')).toBe('abc def');
  });
});
