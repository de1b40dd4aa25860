// kit check end to end: the built CLI in a real git repository, with the key inspector speaking
// Binance's apiRestrictions endpoint to a loopback server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { modeOf, tempDir } from '../secrets/helpers/files.js';
import { isolatedEnv, runKit, type CliResult } from '../secrets/helpers/cli.js';
import { startBinanceKeyServer, type BinanceKeyServer } from './helpers/binance-key-server.js';
import type { CheckItem } from '../../src/check/types.js';

const ENTRY = fileURLToPath(new URL('./fixtures/kit-with-inspector.mjs', import.meta.url));
const RISKY_KEY = 'RiskyKey-withdraw-open-old-0001';
const RISKY_SECRET = 'risky-secret-value-0001';
const SAFE_KEY = 'SafeKey-restricted-young-0001';
const SAFE_SECRET = 'safe-secret-value-0001';
const DAY = 86_400_000;

describe('kit check (built CLI)', () => {
  let server: BinanceKeyServer;
  let work: string;
  let kitHome: string;
  let cleanup: () => void;
  beforeAll(async () => {
    server = await startBinanceKeyServer({
      [RISKY_KEY]: { secret: RISKY_SECRET, ipRestrict: false, enableWithdrawals: true, createTime: Date.now() - 200 * DAY },
      [SAFE_KEY]: { secret: SAFE_SECRET, ipRestrict: true, createTime: Date.now() - 20 * DAY },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ({ dir: work, cleanup } = tempDir('kit-check-'));
    kitHome = path.join(work, '.kit-home');
  });
  afterEach(() => cleanup());

  const kit = (args: string[]): Promise<CliResult> => runKit(args, { entry: ENTRY, cwd: work, env: isolatedEnv({ KIT_HOME: kitHome }) });
  const sh = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=kit test', '-c', 'user.email=kit@example.invalid', ...args], { cwd: work, encoding: 'utf8' });
  const items = (r: CliResult): Record<string, CheckItem> => Object.fromEntries((JSON.parse(r.stdout).items as CheckItem[]).map((i) => [i.id, i]));

  it('finds every problem of a careless setup, fixes what is safe to fix, and exits 1', async () => {
    sh('init', '-q');
    writeFileSync(path.join(work, '.env'), `BINANCE_API_KEY=${RISKY_KEY}\nBINANCE_SECRET=${RISKY_SECRET}\nBINANCE_BASE_URL=${server.baseUrl}\n`);
    sh('add', '.env');
    sh('commit', '-qm', 'oops');
    sh('rm', '-q', '--cached', '.env');
    sh('commit', '-qm', 'remove it again');
    // The same key for a second account, and the secret leaked (base64) into a log.
    writeFileSync(path.join(work, '.env'), `${readFileSync(path.join(work, '.env'), 'utf8')}BINANCE_BOT_API_KEY=${RISKY_KEY}\nBINANCE_BOT_SECRET=${RISKY_SECRET}\nBINANCE_BOT_BASE_URL=${server.baseUrl}\n`);
    chmodSync(path.join(work, '.env'), 0o644);
    mkdirSync(path.join(work, 'logs'));
    writeFileSync(path.join(work, 'logs', 'bot.log'), `boot ok\nauth header ${Buffer.from(RISKY_SECRET).toString('base64')}\n`);
    writeFileSync(path.join(work, 'config.example.js'), `module.exports = { exchange: 'binance', key: '${'Ab1'.repeat(21)}X' };\n`);

    const r = await kit(['check', '--json']);
    expect(r.code).toBe(1);
    const got = items(r);
    expect(got['env-gitignored']).toMatchObject({ status: 'fail', required: true });
    expect(got['env-not-tracked'].status).toBe('pass');
    expect(got['env-not-in-history']).toMatchObject({ status: 'fail', reason: expect.stringMatching(/commit [0-9a-f]{7}/) });
    expect(got['no-known-secret-leaked']).toMatchObject({ status: 'fail', reason: expect.stringContaining('logs/bot.log:2:13 (the API secret of binance/') });
    expect(got['no-key-shaped-strings']).toMatchObject({ status: 'manual', reason: expect.stringContaining('config.example.js:1:47 (a Binance API key or secret') });
    expect(got['withdrawals-disabled']).toMatchObject({ status: 'fail', required: true, reason: 'binance/bot can withdraw funds; binance/main can withdraw funds' });
    expect(got['ip-restricted']).toMatchObject({ status: 'fail', required: false });
    expect(got['key-age']).toMatchObject({ status: 'fail', reason: expect.stringMatching(/binance\/bot is 200 days old/) });
    expect(got['one-key-per-account']).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^key [0-9a-f]{8} is used by binance\/bot, binance\/main$/) });
    expect(got['two-factor'].status).toBe('manual');
    expect(got['secret-file-permissions']).toMatchObject({ status: 'fail', reason: expect.stringContaining('.env is 0644') });
    expect(got['encrypted-config-backup'].status).toBe('skip');
    expect(r.stdout).not.toContain(RISKY_SECRET);
    expect(r.stdout).not.toContain(RISKY_KEY);

    const fixed = await kit(['check', '--fix']);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toMatch(/PASS\s+\.env is in \.gitignore \(fixed\)/);
    expect(fixed.stdout).toMatch(/PASS\s+\.env and kit config files are readable by you only \(0600\) \(fixed\)/);
    expect(fixed.stdout).toMatch(/FAIL\s+\*\s+withdrawals are disabled on every connected key/);
    expect(fixed.stdout).toContain('Result: 3 required items failed (marked *).');
    expect(modeOf(path.join(work, '.env'))).toBe(0o600);
    expect(readFileSync(path.join(work, '.gitignore'), 'utf8')).toBe('/.env\n');
  });

  it('passes a careful setup (exit 0), and skips the git items outside a repository', async () => {
    writeFileSync(path.join(work, '.env'), `BINANCE_API_KEY=${SAFE_KEY}\nBINANCE_SECRET=${SAFE_SECRET}\nBINANCE_BASE_URL=${server.baseUrl}\n`, { mode: 0o600 });
    const r = await kit(['check', '--json']);
    expect(r.code).toBe(0);
    const got = items(r);
    expect(got['env-gitignored']).toMatchObject({ status: 'skip', reason: expect.stringContaining('is not inside a git repository') });
    for (const id of ['no-known-secret-leaked', 'no-key-shaped-strings', 'withdrawals-disabled', 'ip-restricted', 'keys-work', 'key-age', 'one-key-per-account', 'secret-file-permissions']) {
      expect(got[id].status, `${id}: ${got[id].reason}`).toBe('pass');
    }
    expect(got['key-age'].reason).toBe('every key is younger than 90 days');
  });
});
