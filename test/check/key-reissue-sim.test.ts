// key.reissue with kit's own key inspector and key creator (the exchange layer, ccxt) against
// the simulated exchange: the simulator plays the operator, or the master key creates a
// sub-account key through the API.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { createKeyReissueAction } from '../../src/actions/key-reissue/index.js';
import { EnvStore } from '../../src/secrets/env-store.js';
import { keyFingerprint } from '../../src/secrets/fingerprint.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { actionContext } from './helpers/action-context.js';
import { tempDir } from '../secrets/helpers/files.js';

describe('key.reissue against the simulator', () => {
  let sim: SimHandle;
  let kitHome: string;
  let cleanup: () => void;
  let envFile: string;
  beforeAll(async () => (sim = await startSimulator({ scenario: await loadScenario('quiet') })));
  afterAll(() => sim.close());
  beforeEach(() => {
    ({ dir: kitHome, cleanup } = tempDir('kit-reissue-sim-'));
    envFile = path.join(kitHome, 'project.env');
    const main = sim.admin.credentials().find((c) => c.account === 'main' && c.name === 'grid-bot');
    writeFileSync(envFile, `BINANCE_API_KEY=${main?.apiKey}\nBINANCE_SECRET=${main?.secret}\nBINANCE_BASE_URL=${sim.baseUrl}\n`, { mode: 0o600 });
  });
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });
  const store = (): EnvStore => new EnvStore({ envFile, env: {} });
  const action = () => createKeyReissueAction({ openStore: async () => store() });

  it('in a drill, the simulator creates the key as the exchange page would; kit checks and stores it', async () => {
    const ctx = actionContext(kitHome, {
      operator: {
        perform: async (kind, details) => (kind === 'create-key' ? sim.admin.createKey({ exchange: 'binance', account: 'main', permissions: ['read', 'trade'], ips: [String(details.ip)] }) : undefined),
      },
    });
    const outputs = await action().run(ctx, { exchange: 'binance', account: 'main', masterAccount: 'main', permissions: ['read', 'trade'], ip: '127.0.0.1' });
    const stored = await store().get('binance', 'main');
    expect(outputs).toMatchObject({ source: 'operator', keyFingerprint: keyFingerprint(stored?.credentials.apiKey ?? ''), ipRestricted: true, permissions: ['read', 'trade'] });
    expect(stored?.baseUrl).toBe(sim.baseUrl);
    expect(sim.admin.credentials().find((c) => c.apiKey === stored?.credentials.apiKey)?.account).toBe('main');
  });

  it('creates a sub-account key through the API with the master key, never with withdrawals', async () => {
    const ctx = actionContext(kitHome);
    const outputs = await action().run(ctx, { exchange: 'binance', account: 'bot_sub', masterAccount: 'main', subAccount: 'owner+bot-sub@example.com', permissions: ['read', 'trade'], ip: '127.0.0.1' });
    expect(outputs).toMatchObject({ source: 'api', account: 'bot_sub', ipRestricted: true, previousKeyFingerprint: null });
    const stored = await store().get('binance', 'bot_sub');
    expect(stored?.baseUrl).toBe(sim.baseUrl);
    const created = sim.admin.credentials().find((c) => c.apiKey === stored?.credentials.apiKey);
    expect(created?.account).toBe('bot-sub');
    const view = sim.state.keys().find((k) => k.account === 'bot-sub' && k.ips.includes('127.0.0.1'));
    expect(view?.permissions).not.toContain('withdraw');
  });
});
