import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsStore } from '../../src/secrets/aws-store.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';
import { KitError } from '../../src/errors.js';
import { startFakeSecretsManager, type FakeSecretsManager } from './helpers/fake-secrets-manager.js';

const CREDS = { accessKeyId: 'AKIAKITTEST0000EXAMPLE', secretAccessKey: 'kit/test/secret+access/key0000000000000', sessionToken: 'kit-test-session-token' };
const REGION = 'eu-central-1';
const entry = { exchange: 'binance', account: 'main', credentials: { apiKey: 'aws-canary-key', secret: 'aws-canary-secret' }, sandbox: true };

const AWS_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

describe('aws store (Secrets Manager through the SDK, against a strict local fake that verifies SigV4)', () => {
  let aws: FakeSecretsManager;
  const saved: Record<string, string | undefined> = {};
  beforeEach(async () => {
    aws = await startFakeSecretsManager({ credentials: CREDS, region: REGION });
    for (const v of AWS_VARS) saved[v] = process.env[v];
    // The SDK's usual way: credentials, region and the endpoint override from the environment.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      AWS_SESSION_TOKEN: CREDS.sessionToken,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      AWS_CONFIG_FILE: '/nonexistent/kit-test-aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/kit-test-aws-credentials',
    });
    delete process.env.AWS_PROFILE;
  });
  afterEach(async () => {
    await aws.close();
    for (const v of AWS_VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    clearSecretsForTests();
  });

  it('round-trips, lists across pages and deletes with signed, documented requests', async () => {
    const store = new AwsStore();
    await store.set(entry);
    await store.set({ ...entry, credentials: { apiKey: 'aws-canary-key-2', secret: 'aws-canary-secret-2' } });
    await store.set({ exchange: 'bybit', account: 'hedge', credentials: { apiKey: 'bybit-aws-key', secret: 'bybit-aws-secret' } });
    expect(JSON.parse(aws.secrets.get('kit/binance/main') ?? '')).toEqual({ apiKey: 'aws-canary-key-2', secret: 'aws-canary-secret-2', sandbox: true });
    expect(await store.get('binance', 'main')).toEqual({ ...entry, credentials: { apiKey: 'aws-canary-key-2', secret: 'aws-canary-secret-2' } });
    expect(await store.list()).toEqual([{ exchange: 'binance', account: 'main', sandbox: true }, { exchange: 'bybit', account: 'hedge' }]);
    expect(await store.delete('bybit', 'hedge')).toBe(true);
    expect(await store.delete('bybit', 'hedge')).toBe(false);
    expect(await store.get('bybit', 'hedge')).toBeUndefined();
    expect(aws.violations).toEqual([]);
    expect(aws.operations.slice(0, 5)).toEqual(['PutSecretValue', 'CreateSecret', 'PutSecretValue', 'PutSecretValue', 'CreateSecret']);
    expect(aws.operations).toContain('ListSecrets');
    expect(aws.operations).toContain('DeleteSecret');
    expect(redact(`${CREDS.secretAccessKey} ${CREDS.sessionToken}`)).toBe('[REDACTED] [REDACTED]');
  });

  it('is refused when the request is signed with the wrong secret key (the fake really checks SigV4)', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not/the/right/secret/key/000000000000000';
    const error = await new AwsStore().get('binance', 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KitError);
    expect((error as Error).message).toMatch(/^AWS refused to read kit\/binance\/main \(InvalidSignatureException: The request signature we calculated/);
    expect(aws.violations).toEqual(['signature mismatch']);
  });

  it('says clearly that AWS credentials have expired, and changes nothing', async () => {
    aws.secrets.set('kit/binance/main', JSON.stringify({ apiKey: 'old-aws-key', secret: 'old-aws-secret' }));
    aws.expiredTokens.add('kit-expired-session-token');
    process.env.AWS_SESSION_TOKEN = 'kit-expired-session-token';
    const before = new Map(aws.secrets);
    const error = await new AwsStore().set(entry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KitError);
    expect((error as Error).message).toBe('AWS refused to store kit/binance/main: your AWS credentials have expired (ExpiredTokenException); nothing was changed');
    expect((error as KitError).hint).toMatch(/aws sso login/);
    expect(aws.secrets).toEqual(before);
    expect(aws.violations).toEqual([]);
  });
});
