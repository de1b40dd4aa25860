// kit connect / disconnect end to end: the built CLI, with the key inspector speaking Binance's
// apiRestrictions endpoint to a loopback server (test/check/fixtures/kit-with-inspector.mjs).
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyFingerprint } from '../../src/secrets/fingerprint.js';
import { modeOf, tempDir } from '../secrets/helpers/files.js';
import { isolatedEnv, runKit, type CliResult } from '../secrets/helpers/cli.js';
import { startBinanceKeyServer, type BinanceKeyServer } from './helpers/binance-key-server.js';

const ENTRY = fileURLToPath(new URL('./fixtures/kit-with-inspector.mjs', import.meta.url));
const GOOD_KEY = 'GoodKey0123456789abcdefGHIJKLmnopqrSTUVWXyz0123456789ABCDEFghijkl';
const GOOD_SECRET = 'GoodSecret0123456789abcdefGHIJKLmnopqrSTUVWXyz0123456789ABCDEFgh';

describe('kit connect and kit disconnect (built CLI)', () => {
  let server: BinanceKeyServer;
  let work: string;
  let cleanup: () => void;
  let kitHome: string;
  beforeAll(async () => {
    server = await startBinanceKeyServer({
      [GOOD_KEY]: { secret: GOOD_SECRET, ipRestrict: true },
      'OpenKey-no-ip-restriction-0001': { secret: 'open-secret-0001', ipRestrict: false },
      'WithdrawKey-can-withdraw-0001': { secret: 'withdraw-secret-0001', ipRestrict: true, enableWithdrawals: true },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ({ dir: work, cleanup } = tempDir('kit-connect-'));
    kitHome = path.join(work, 'kit-home');
  });
  afterEach(() => cleanup());

  const kit = (args: string[], input?: string): Promise<CliResult> => runKit(args, { entry: ENTRY, cwd: work, input, env: isolatedEnv({ KIT_HOME: kitHome }) });
  const envFile = (): string => path.join(work, '.env');
  const auditText = (): string => (existsSync(path.join(kitHome, 'audit')) ? readdirSync(path.join(kitHome, 'audit')).map((f) => readFileSync(path.join(kitHome, 'audit', f), 'utf8')).join('') : '');

  it('works as the guide writes it: validates, shows permissions, stores 0600, audits, warns about shell history', async () => {
    const r = await kit(['connect', 'binance', '--api-key', GOOD_KEY, '--secret', GOOD_SECRET, '--base-url', server.baseUrl]);
    expect(r.stderr).toContain('warning: a secret given with --secret is saved in your shell history');
    expect(r.code).toBe(0);
    const fp = keyFingerprint(GOOD_KEY);
    expect(r.stdout).toContain(`Key ${fp} for binance/main`);
    expect(r.stdout).toMatch(/withdraw:\s+no/);
    expect(r.stdout).toMatch(/IP restriction:\s+yes/);
    expect(r.stdout).toContain("Stored the key for binance/main in .env.");
    expect(readFileSync(envFile(), 'utf8')).toBe(`BINANCE_API_KEY=${GOOD_KEY}\nBINANCE_SECRET=${GOOD_SECRET}\nBINANCE_BASE_URL=${server.baseUrl}\n`);
    expect(modeOf(envFile())).toBe(0o600);
    const audit = auditText();
    expect(audit).toContain(`kit connect stored key ${fp} in the env store (permissions: read, trade; IP restriction: yes)`);
    expect(audit).not.toContain(GOOD_KEY);
    expect(audit).not.toContain(GOOD_SECRET);
    expect(r.stdout + r.stderr).not.toContain(GOOD_SECRET);
    expect(server.requests).toContain('GET /sapi/v1/account/apiRestrictions');
  });

  it('reads the secret from stdin without the history warning, and warns when the key has no IP restriction', async () => {
    const r = await kit(['connect', 'binance', '--account', 'bot', '--api-key', 'OpenKey-no-ip-restriction-0001', '--secret-stdin', '--base-url', server.baseUrl, '--json'], 'open-secret-0001\n');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('shell history');
    expect(r.stderr).toContain('warning: the key has no IP restriction');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, exchange: 'binance', account: 'bot', store: 'env', permissions: { withdraw: false, ipRestricted: false } });
    expect(readFileSync(envFile(), 'utf8')).toContain('BINANCE_BOT_SECRET=open-secret-0001');
  });

  it('refuses a key that can withdraw, storing nothing; --allow-withdrawals stores it with a warning', async () => {
    const refused = await kit(['connect', 'binance', '--api-key', 'WithdrawKey-can-withdraw-0001', '--secret-stdin', '--base-url', server.baseUrl], 'withdraw-secret-0001');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/withdraw:\s+YES/);
    expect(refused.stderr).toContain('kit: not stored: the key has withdrawals enabled; kit does not store such keys');
    expect(refused.stderr).toContain('https://www.binance.com/en/my/settings/api-management');
    expect(existsSync(envFile())).toBe(false);
    const allowed = await kit(['connect', 'binance', '--api-key', 'WithdrawKey-can-withdraw-0001', '--secret-stdin', '--base-url', server.baseUrl, '--allow-withdrawals'], 'withdraw-secret-0001');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('warning: this key can WITHDRAW funds');
    expect(readFileSync(envFile(), 'utf8')).toContain('BINANCE_API_KEY=WithdrawKey-can-withdraw-0001');
  });

  it('without a terminal, lists the flags that are missing', async () => {
    const r = await kit(['connect', 'binance', '--api-key', GOOD_KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kit: kit connect binance needs --secret-stdin (or --secret <secret>) when it cannot ask (no terminal)');
    const okx = await kit(['connect', 'okx']);
    expect(okx.stderr).toContain('needs --api-key <key>, --secret-stdin (or --secret <secret>), --password <passphrase>');
  });

  it('reports a key the exchange refuses, redacted, audited as a failed authentication, storing nothing', async () => {
    const r = await kit(['connect', 'binance', '--api-key', 'UnknownKey-0000000001', '--secret-stdin', '--base-url', server.baseUrl], 'unknown-secret-0000000001');
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('kit: binance refused the key for binance/main: AuthenticationError');
    expect(r.stderr).toContain('-2015');
    expect(r.stderr).toMatch(/signature=\[REDACTED\]/);
    expect(r.stderr).not.toContain('UnknownKey-0000000001');
    expect(existsSync(envFile())).toBe(false);
    const logs = await kit(['logs', '--type', 'auth']);
    expect(logs.stdout).toContain(`kit connect: binance refused key ${keyFingerprint('UnknownKey-0000000001')}; nothing stored`);
  });

  it('disconnect removes the credentials and says where to delete the key on the exchange', async () => {
    await kit(['connect', 'binance', '--api-key', GOOD_KEY, '--secret-stdin', '--base-url', server.baseUrl], GOOD_SECRET);
    const r = await kit(['disconnect', 'binance']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Removed the credentials of binance/main (key ${keyFingerprint(GOOD_KEY)})`);
    expect(r.stdout).toContain(`The key ${keyFingerprint(GOOD_KEY)} still exists on Binance and works for anyone who has a copy of it. Delete it there: https://www.binance.com/en/my/settings/api-management`);
    expect(readFileSync(envFile(), 'utf8')).toBe('');
    expect(auditText()).toContain('kit disconnect removed key');
    const again = await kit(['disconnect', 'binance']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('kit: no credentials are stored for binance/main');
  });
});
