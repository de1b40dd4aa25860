import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { clearSecretsForTests, redactEchoedCredentials, redactError, registerSecret } from '../../src/secrets/redact.js';

describe('redactError and echoed credentials', () => {
  afterEach(() => clearSecretsForTests());

  it('masks registered secrets, signatures and key headers in a thrown error, its fields and its cause', () => {
    registerSecret('canary-secret-value');
    const cause = new Error('upstream said canary-secret-value');
    const error = Object.assign(new Error('binance GET http://127.0.0.1/sapi/v1/account?timestamp=1&signature=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 {"X-MBX-APIKEY":"AbCdEf0123456789"}', { cause }), {
      url: 'http://x/?apiKey=AbCdEf0123456789',
      headers: { 'X-MBX-APIKEY': 'AbCdEf0123456789', Accept: 'json' },
    });
    const same = redactError(error);
    expect(same).toBe(error);
    expect(error.message).toBe('binance GET http://127.0.0.1/sapi/v1/account?timestamp=1&signature=[REDACTED] {"X-MBX-APIKEY":"[REDACTED]"}');
    expect(error.stack).not.toContain('9f86d081884c7d659a2f');
    expect(error.url).toBe('http://x/?apiKey=[REDACTED]');
    expect(error.headers).toEqual({ 'X-MBX-APIKEY': '[REDACTED]', Accept: 'json' });
    expect(cause.message).toBe('upstream said [REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactEchoedCredentials('signature checked, 3 orders cancelled')).toBe('signature checked, 3 orders cancelled');
  });
});

describe('installProcessRedaction', () => {
  it('masks a registered secret written to stdout and stderr by any code, strings and buffers alike', () => {
    const script = `
      const r = await import(${JSON.stringify(new URL('../../dist/secrets/redact.js', import.meta.url).href)});
      r.installProcessRedaction();
      r.installProcessRedaction();
      r.registerSecret('canary-process-secret');
      console.log('log canary-process-secret');
      process.stderr.write(Buffer.from('err ' + Buffer.from('canary-process-secret').toString('base64') + '\\n'));
      process.stdout.write(Buffer.from([0xff, 0xfe, 0x0a]));
    `;
    // Runs the built module (npm test builds before vitest) in a process of its own.
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'buffer' });
    expect(result.status, result.stderr.toString()).toBe(0);
    expect(result.stderr.toString()).toBe('err [REDACTED]\n');
    expect(result.stdout.toString('latin1')).toBe('log [REDACTED]\n\xff\xfe\n');
  });
});
