// The canary: a known key, secret and master password go through connect (refused, then
// accepted), logs, check, config encrypt/decrypt and disconnect of the built CLI. Afterwards no
// byte under KIT_HOME and no byte of any captured output may hold them, raw or base64-, hex- or
// URL-encoded. (The lead extends this end to end with an incident against the simulator and
// the report.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../secrets/helpers/files.js';
import { isolatedEnv, runKit, type CliResult } from '../secrets/helpers/cli.js';
import { startBinanceKeyServer, type BinanceKeyServer } from './helpers/binance-key-server.js';

const ENTRY = fileURLToPath(new URL('./fixtures/kit-with-inspector.mjs', import.meta.url));
const CANARY_KEY = 'CanaryKey7Qx3ZpL9vT2mWn8RbYc4HdJ6kFs1GtA5eU0oIyNqMwXzCvBnLkJhGf';
const CANARY_SECRET = 'Canary/Secret+Value=Zq8&Wt3?Lp5#Mx1';
const CANARY_MASTER = 'canary master password 0451';
const CANARIES = [CANARY_KEY, CANARY_SECRET, CANARY_MASTER];

function forms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  return [value, b64, b64.replace(/=+$/, ''), Buffer.from(value).toString('base64url'), Buffer.from(value).toString('hex'), Buffer.from(value).toString('hex').toUpperCase(), encodeURIComponent(value), encodeURIComponent(value).toLowerCase()];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every place a canary form occurs: "where: which form". */
function hits(where: string, bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return CANARIES.flatMap((c, i) => forms(c).filter((f) => text.includes(f)).map((f) => `${where}: canary ${i} as ${f === c ? 'raw' : 'encoded'} form`));
}

describe('canary: no secret reaches KIT_HOME or any output', () => {
  let server: BinanceKeyServer;
  let cleanup: () => void;
  let project: string;
  let kitHome: string;
  const outputs: Array<{ args: string[]; result: CliResult }> = [];

  beforeAll(async () => {
    server = await startBinanceKeyServer({ [CANARY_KEY]: { secret: CANARY_SECRET, ipRestrict: false } });
    let root: string;
    ({ dir: root, cleanup } = tempDir('kit-canary-'));
    project = path.join(root, 'project');
    kitHome = path.join(root, 'kit-home');
    mkdirSync(project);
    const kit = async (args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
      const result = await runKit(args, { entry: ENTRY, cwd: project, input, env: isolatedEnv({ KIT_HOME: kitHome, ...env }) });
      outputs.push({ args, result });
      return result;
    };
    // A wrong secret first: the exchange refuses it and ccxt-style errors echo the signed URL.
    expect((await kit(['connect', 'binance', '--api-key', CANARY_KEY, '--secret', `${CANARY_SECRET}-wrong`, '--base-url', server.baseUrl])).code).toBe(5);
    expect((await kit(['--verbose', 'connect', 'binance', '--api-key', CANARY_KEY, '--secret', CANARY_SECRET, '--base-url', server.baseUrl])).code).toBe(0);
    expect((await kit(['connect', 'binance', '--account', 'bot', '--api-key', CANARY_KEY, '--secret-stdin', '--base-url', server.baseUrl, '--json'], CANARY_SECRET)).code).toBe(0);
    await kit(['logs']);
    await kit(['logs', '--json', '--type', 'auth']);
    await kit(['check']);
    await kit(['check', '--json', '--fix']);
    await kit(['config', '--json']);
    expect((await kit(['config', 'encrypt', '--yes'], undefined, { KIT_MASTER_PASSWORD: CANARY_MASTER })).code).toBe(0);
    await kit(['check', '--json'], undefined, { KIT_MASTER_PASSWORD: CANARY_MASTER });
    await kit(['config'], undefined, { KIT_MASTER_PASSWORD: `${CANARY_MASTER} wrong` });
    expect((await kit(['config', 'decrypt', '--yes'], undefined, { KIT_MASTER_PASSWORD: CANARY_MASTER })).code).toBe(0);
    expect((await kit(['disconnect', 'binance', '--account', 'bot'])).code).toBe(0);
    await kit(['logs', '--type', 'config', '--json']);
  });
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  it('the search finds the canary where it legitimately is (the .env), so zero hits elsewhere means something', () => {
    expect(hits('.env', readFileSync(path.join(project, '.env')))).not.toEqual([]);
  });

  it('no file under KIT_HOME holds a canary in any form', () => {
    const files = filesUnder(kitHome);
    expect(files.some((f) => f.endsWith('config.json'))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}audit${path.sep}`))).toBe(true);
    expect(files.filter((f) => statSync(f).size > 0).length).toBe(files.length);
    expect(files.flatMap((f) => hits(path.relative(kitHome, f), readFileSync(f)))).toEqual([]);
  });

  it('no captured stdout or stderr holds a canary in any form', () => {
    expect(outputs.length).toBe(14);
    expect(outputs.flatMap(({ args, result }) => [...hits(`kit ${args.join(' ')} stdout`, Buffer.from(result.stdout)), ...hits(`kit ${args.join(' ')} stderr`, Buffer.from(result.stderr))])).toEqual([]);
  });
});
