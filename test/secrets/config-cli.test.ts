// kit config end to end (built CLI): moving credentials between the four stores, the master
// password, and bad input that must leave every byte on disk as it was.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { snapshotTree, tempDir } from './helpers/files.js';
import { isolatedEnv, runKit, type CliResult } from './helpers/cli.js';
import { closedPortAddress, startFakeVault, type FakeVault } from './helpers/fake-vault.js';
import { startFakeSecretsManager, type FakeSecretsManager } from './helpers/fake-secrets-manager.js';

const ENV_TEXT = '# my bot\nLOG_LEVEL=info\nBINANCE_API_KEY=cfg-canary-key-0001\nBINANCE_SECRET=cfg-canary-secret-0001\n';
const TOKEN = 'hvs.config-test-token';
const AWS = { accessKeyId: 'AKIACONFIGTEST000001', secretAccessKey: 'config/test/aws/secret/key/000000000000', sessionToken: 'config-test-session' };

describe('kit config (built CLI)', () => {
  let work: string;
  let kitHome: string;
  let cleanup: () => void;
  let vault: FakeVault;
  let aws: FakeSecretsManager;
  beforeAll(async () => {
    vault = await startFakeVault({ token: TOKEN });
    aws = await startFakeSecretsManager({ credentials: AWS, region: 'us-east-1' });
  });
  afterAll(async () => {
    await vault.close();
    await aws.close();
  });
  beforeEach(() => {
    ({ dir: work, cleanup } = tempDir('kit-config-'));
    kitHome = path.join(work, 'home');
    writeFileSync(path.join(work, '.env'), ENV_TEXT, { mode: 0o600 });
    vault.secrets.clear();
    aws.secrets.clear();
  });
  afterEach(() => cleanup());

  const kit = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> => runKit(args, { cwd: work, input, env: isolatedEnv({ KIT_HOME: kitHome, ...env }) });
  const envText = (): string => readFileSync(path.join(work, '.env'), 'utf8');

  it('encrypt, password, decrypt: the credentials move and come back, other .env lines stay', async () => {
    const enc = await kit(['config', 'encrypt', '--yes'], { KIT_MASTER_PASSWORD: 'first master password' });
    expect(enc.code).toBe(0);
    expect(envText()).toBe('# my bot\nLOG_LEVEL=info\n');
    expect(readFileSync(path.join(kitHome, 'config.json'), 'utf8')).not.toContain('cfg-canary');
    const wrong = await kit(['config'], { KIT_MASTER_PASSWORD: 'not the password at all' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`kit: wrong master password for ${path.join(kitHome, 'config.json')}`);
    const pw = await kit(['config', 'password'], { KIT_MASTER_PASSWORD: 'first master password', KIT_NEW_MASTER_PASSWORD: 'second master password' });
    expect(pw.code).toBe(0);
    const dec = await kit(['config', 'decrypt', '--yes'], { KIT_MASTER_PASSWORD: 'second master password' });
    expect(dec.code).toBe(0);
    expect(dec.stderr).toContain('warning: the credentials are now in plain text in .env');
    expect(envText()).toBe(ENV_TEXT);
  });

  it('--secrets-manager vault moves the credentials into Vault KV v2 and switches settings', async () => {
    const r = await kit(['config', '--secrets-manager', 'vault', '--vault-addr', vault.addr, '--yes'], { VAULT_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(vault.secrets.get('kit/binance/main')).toEqual({ apiKey: 'cfg-canary-key-0001', secret: 'cfg-canary-secret-0001' });
    expect(JSON.parse(readFileSync(path.join(kitHome, 'settings.json'), 'utf8'))).toEqual({ vault: { addr: vault.addr }, secretsManager: 'vault' });
    expect(envText()).toBe('# my bot\nLOG_LEVEL=info\n');
    const show = await kit(['config', '--json'], { VAULT_TOKEN: TOKEN });
    expect(JSON.parse(show.stdout)).toMatchObject({ secretsManager: 'vault', accounts: ['binance/main'] });
    expect(vault.violations).toEqual([]);
  });

  it('--secrets-manager aws moves the credentials into Secrets Manager with signed requests', async () => {
    const env = { AWS_ACCESS_KEY_ID: AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey, AWS_SESSION_TOKEN: AWS.sessionToken, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint };
    const r = await kit(['config', '--secrets-manager', 'aws', '--yes'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(aws.secrets.get('kit/binance/main') ?? '{}')).toEqual({ apiKey: 'cfg-canary-key-0001', secret: 'cfg-canary-secret-0001' });
    expect(aws.violations).toEqual([]);
  });

  it.each([
    ['an unreachable Vault', async () => ['config', '--secrets-manager', 'vault', '--vault-addr', await closedPortAddress(), '--yes'], { VAULT_TOKEN: TOKEN }, 5, /^kit: cannot reach Vault at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); nothing was changed$/m],
    ['expired AWS credentials', async () => ['config', '--secrets-manager', 'aws', '--yes'], { AWS_SESSION_TOKEN: 'expired-config-session' }, 5, /^kit: AWS refused to store kit\/binance\/main: your AWS credentials have expired \(ExpiredTokenException\); nothing was changed$/m],
    ['no confirmation without a terminal', async () => ['config', '--secrets-manager', 'encrypted'], {}, 2, /^kit: moving credentials needs confirmation; nothing was changed$/m],
    ['an unknown store', async () => ['config', '--secrets-manager', 'dropbox', '--yes'], {}, 2, /^kit: --secrets-manager must be one of env, encrypted, vault, aws, got "dropbox"$/m],
  ])('%s: a clear error and nothing changed on disk', async (_what, args, extraEnv, code, message) => {
    aws.expiredTokens.add('expired-config-session');
    const env = { AWS_ACCESS_KEY_ID: AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey, AWS_SESSION_TOKEN: AWS.sessionToken, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint, ...extraEnv };
    mkdirSync(kitHome, { recursive: true });
    writeFileSync(path.join(kitHome, 'settings.json'), '{"secretsManager": "env"}\n');
    const before = snapshotTree(work);
    const r = await kit(await args(), env);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(snapshotTree(work)).toEqual(before);
    expect(aws.secrets.size + vault.secrets.size).toBe(0);
  });

  it('a malformed .env: located error, nothing changed', async () => {
    writeFileSync(path.join(work, '.env'), 'BINANCE_API_KEY=abc\nexport = oops\n');
    const before = snapshotTree(work);
    const r = await kit(['config', 'encrypt', '--yes'], { KIT_MASTER_PASSWORD: 'first master password' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kit: .env is not a valid .env file: 1 problem');
    expect(r.stderr).toContain('.env:2:8 missing variable name before "=" (write NAME=value)');
    expect(snapshotTree(work)).toEqual(before);
  });

  it('a config written by a newer kit: clear error, nothing changed', async () => {
    mkdirSync(kitHome, { recursive: true });
    writeFileSync(path.join(kitHome, 'settings.json'), '{"secretsManager": "encrypted"}\n');
    writeFileSync(path.join(kitHome, 'config.json'), JSON.stringify({ format: 'kit-config', version: 7, somethingNew: true }), { mode: 0o600 });
    const before = snapshotTree(work);
    const r = await kit(['connect', 'binance', '--api-key', 'new-key-000001', '--secret-stdin'], { KIT_MASTER_PASSWORD: 'first master password' }, 'new-secret-000001');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`kit: ${path.join(kitHome, 'config.json')} was written by a newer kit (format version 7; this kit reads up to version 1)`);
    expect(r.stderr).toContain('Upgrade kit');
    expect(snapshotTree(work)).toEqual(before);
  });
});
