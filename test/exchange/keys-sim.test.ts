// Binance and Bybit key operations from the master account, against the simulator with ccxt's
// own classes: create a sub-account key (and use it), IP-lock one that already had addresses
// (only the dead address remains), delete one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/exchange/gateway.js';
import { keyFingerprint } from '../../src/exchange/fingerprint.js';
import { keyOperationsFor } from '../../src/exchange/keys/index.js';
import { UNROUTABLE_IP } from '../../src/exchange/keys/types.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';

let binanceSim: SimHandle;
let bybitSim: SimHandle;
beforeAll(async () => {
  binanceSim = await startSimulator({ scenario: await loadScenario('quiet') });
  bybitSim = await startSimulator({ scenario: await loadScenario('compromise-bybit') });
});
afterAll(async () => {
  await binanceSim.close();
  await bybitSim.close();
});

function creds(sim: SimHandle, account: string, name: string) {
  const k = sim.admin.credentials().find((c) => c.account === account && c.name === name);
  if (!k) throw new Error(`${account}/${name}`);
  return { apiKey: k.apiKey, secret: k.secret };
}

const open = (id: 'binance' | 'bybit', sim: SimHandle, keys: { apiKey: string; secret: string }) => connect(id, 'main', keys, { baseUrl: sim.baseUrl, dryRun: false, audit: () => {} });
const simKey = (sim: SimHandle, apiKey: string) => sim.state.keys().find((k) => k.fingerprint === keyFingerprint(apiKey));

describe('Binance sub-account keys from the master', () => {
  const ops = keyOperationsFor('binance');
  const email = 'owner+bot-sub@example.com';

  it('creates a working sub key, IP-locks a bound key to the dead address only, deletes a key', async () => {
    if (!ops?.createSubaccountKey || !ops.restrictSubaccountKeyToIp || !ops.revokeSubaccountKey) throw new Error('binance ops');
    const master = await open('binance', binanceSim, creds(binanceSim, 'main', 'grid-bot'));
    const created = await ops.createSubaccountKey(master, { subAccount: email, label: 'kit-replacement', permissions: { trade: true }, ips: [] });
    const fresh = await open('binance', binanceSim, created);
    expect(await ops.permissions(fresh)).toMatchObject({ read: true, trade: true, withdraw: false, ipRestricted: false });

    const sub = creds(binanceSim, 'bot-sub', 'sub-trader');
    binanceSim.admin.setKeyIps(sub.apiKey, ['10.1.1.1', '10.2.2.2']);
    await ops.restrictSubaccountKeyToIp(master, { subAccount: email, apiKey: sub.apiKey }, UNROUTABLE_IP);
    expect(simKey(binanceSim, sub.apiKey)?.ips).toEqual([UNROUTABLE_IP]);

    await ops.revokeSubaccountKey(master, { subAccount: email, apiKey: created.apiKey });
    expect(simKey(binanceSim, created.apiKey)?.deletedAt).not.toBeNull();
  });
});

describe('Bybit keys', () => {
  const ops = keyOperationsFor('bybit');

  it('creates a read-only sub key that works, then deletes it from the master', async () => {
    if (!ops?.createSubaccountKey || !ops.revokeSubaccountKey) throw new Error('bybit ops');
    const master = await open('bybit', bybitSim, creds(bybitSim, 'main', 'grid-bot'));
    const created = await ops.createSubaccountKey(master, { subAccount: '24600990', label: 'kit-replacement', permissions: { trade: false }, ips: [] });
    const fresh = await open('bybit', bybitSim, created);
    expect(await ops.permissions(fresh)).toMatchObject({ read: true, trade: false, withdraw: false });
    await ops.revokeSubaccountKey(master, { subAccount: '24600990', apiKey: created.apiKey });
    expect(simKey(bybitSim, created.apiKey)?.deletedAt).not.toBeNull();
  });

  it('a key without transfer permission cannot delete itself: the refusal is classified restricted', async () => {
    if (!ops?.revokeSelf) throw new Error('bybit ops');
    const { judgeRevokeFailure } = await import('../../src/exchange/revoke.js');
    const readOnly = await open('bybit', bybitSim, creds(bybitSim, 'main', 'read-only'));
    const error = await ops.revokeSelf(readOnly).then(() => undefined, (e: unknown) => e);
    expect(judgeRevokeFailure('bybit', error)).toMatchObject({ kind: 'restricted', tryNext: true, alreadyDead: false });
  });
});
