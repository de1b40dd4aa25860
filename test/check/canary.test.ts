// The canary: a known key, secret and master password go through connect (refused, then
// accepted), logs, check, config encrypt/decrypt and disconnect of the built CLI. Afterwards no
// byte under KIT_HOME and no byte of any captured output may hold them, raw or base64-, hex- or
// URL-encoded. Run twice: with kit's own exchange layer (ccxt) against the simulator, and with
// an inspector whose errors echo the key header the way ccxt's verbose errors can. (The lead
// extends this end to end with an incident against the simulator and the report.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, startSimulator } from '../../src/sim/index.js';
import { tempDir } from '../secrets/helpers/files.js';
import { isolatedEnv, runKit, type CliResult } from '../secrets/helpers/cli.js';
import { startBinanceKeyServer } from './helpers/binance-key-server.js';

const INJECTED_INSPECTOR = fileURLToPath(new URL('./fixtures/kit-with-inspector.mjs', import.meta.url));
const CANARY_MASTER = 'canary master password 0451';

function forms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  return [value, b64, b64.replace(/=+$/, ''), Buffer.from(value).toString('base64url'), Buffer.from(value).toString('hex'), Buffer.from(value).toString('hex').toUpperCase(), encodeURIComponent(value), encodeURIComponent(value).toLowerCase()];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every place a canary form occurs: "where: which canary, which form". */
function hits(canaries: string[], where: string, bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return canaries.flatMap((c, i) => forms(c).filter((f) => text.includes(f)).map((f) => `${where}: canary ${i} as ${f === c ? 'raw' : 'encoded'} form`));
}

interface Target {
  baseUrl: string;
  key: string;
  secret: string;
  /** A script to run instead of bin/kit.js, or undefined for the real CLI. */
  entry?: string;
  /** Also run the encrypted-config commands (the master password canary); once is enough. */
  withConfig: boolean;
  close(): Promise<void>;
}

const targets: Array<[string, () => Promise<Target>]> = [
  [
    'the simulator, through kit\'s exchange layer',
    async () => {
      const sim = await startSimulator({ scenario: await loadScenario('quiet') });
      const key = sim.admin.createKey({ exchange: 'binance', account: 'main', permissions: ['read', 'trade'] });
      return { baseUrl: sim.baseUrl, key: key.apiKey, secret: key.secret, withConfig: true, close: () => sim.close() };
    },
  ],
  [
    'an inspector whose errors echo the key header',
    async () => {
      const key = 'CanaryKey7Qx3ZpL9vT2mWn8RbYc4HdJ6kFs1GtA5eU0oIyNqMwXzCvBnLkJhGf';
      const secret = 'Canary/Secret+Value=Zq8&Wt3?Lp5#Mx1';
      const server = await startBinanceKeyServer({ [key]: { secret, ipRestrict: false } });
      return { baseUrl: server.baseUrl, key, secret, entry: INJECTED_INSPECTOR, withConfig: false, close: () => server.close() };
    },
  ],
];

describe.each(targets)('canary against %s: no secret reaches KIT_HOME or any output', (_name, makeTarget) => {
  let target: Target;
  let cleanup: () => void;
  let project: string;
  let kitHome: string;
  let canaries: string[];
  const outputs: Array<{ args: string[]; result: CliResult }> = [];

  beforeAll(async () => {
    target = await makeTarget();
    canaries = [target.key, target.secret, CANARY_MASTER];
    let root: string;
    ({ dir: root, cleanup } = tempDir('kit-canary-'));
    project = path.join(root, 'project');
    kitHome = path.join(root, 'kit-home');
    mkdirSync(project);
    const kit = async (args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
      const result = await runKit(args, { entry: target.entry, cwd: project, input, env: isolatedEnv({ KIT_HOME: kitHome, ...env }) });
      outputs.push({ args, result });
      return result;
    };
    const base = ['--base-url', target.baseUrl];
    // A wrong secret first: the exchange refuses it, and error messages echo the signed request.
    expect((await kit(['--verbose', 'connect', 'binance', '--api-key', target.key, '--secret', `${target.secret}-wrong`, ...base])).code).toBe(5);
    expect((await kit(['--verbose', 'connect', 'binance', '--api-key', target.key, '--secret', target.secret, ...base])).code).toBe(0);
    expect((await kit(['connect', 'binance', '--account', 'bot', '--api-key', target.key, '--secret-stdin', ...base, '--json'], target.secret)).code).toBe(0);
    await kit(['logs']);
    await kit(['logs', '--json', '--type', 'auth']);
    await kit(['check', '--fix']);
    if (target.withConfig) {
      await kit(['config', '--json']);
      expect((await kit(['config', 'encrypt', '--yes'], undefined, { KIT_MASTER_PASSWORD: CANARY_MASTER })).code).toBe(0);
      await kit(['check', '--json'], undefined, { KIT_MASTER_PASSWORD: CANARY_MASTER });
      await kit(['config'], undefined, { KIT_MASTER_PASSWORD: `${CANARY_MASTER} wrong` });
      expect((await kit(['config', 'decrypt', '--yes'], undefined, { KIT_MASTER_PASSWORD: CANARY_MASTER })).code).toBe(0);
    }
    expect((await kit(['disconnect', 'binance', '--account', 'bot'])).code).toBe(0);
    await kit(['logs', '--type', 'config', '--json']);
  });
  afterAll(async () => {
    await target.close();
    cleanup();
  });

  it('the search finds the canary where it legitimately is (the .env), so zero hits elsewhere means something', () => {
    expect(hits(canaries, '.env', readFileSync(path.join(project, '.env')))).not.toEqual([]);
  });

  it('no file under KIT_HOME holds a canary in any form', () => {
    const files = filesUnder(kitHome);
    if (target.withConfig) expect(files.some((f) => f.endsWith('config.json'))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}audit${path.sep}`))).toBe(true);
    expect(files.filter((f) => statSync(f).size > 0).length).toBe(files.length);
    expect(files.flatMap((f) => hits(canaries, path.relative(kitHome, f), readFileSync(f)))).toEqual([]);
  });

  it('no captured stdout or stderr holds a canary in any form', () => {
    expect(outputs.length).toBe(target.withConfig ? 13 : 8);
    expect(outputs.flatMap(({ args, result }) => [...hits(canaries, `kit ${args.filter((a) => !canaries.some((c) => a.includes(c))).join(' ')} stdout`, Buffer.from(result.stdout)), ...hits(canaries, `kit ${args.filter((a) => !canaries.some((c) => a.includes(c))).join(' ')} stderr`, Buffer.from(result.stderr))])).toEqual([]);
  });
});
