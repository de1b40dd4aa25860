import ccxt from 'ccxt';
import { describe, expect, it, vi } from 'vitest';
import { fastConstructing, type ExchangeClass } from '../../src/exchange/construct.js';

const CONFIG = { apiKey: 'constructTestKey0123456789', secret: 'constructTestSecret0123456789', enableRateLimit: true };

/** Every implicit API method of an instance, with what it asks `request` for. */
async function implicitCalls(instance: Record<string, unknown>): Promise<Map<string, unknown[]>> {
  const calls = new Map<string, unknown[]>();
  instance.request = (...args: unknown[]) => Promise.resolve(args);
  const own = Object.keys(instance).filter((k) => typeof instance[k] === 'function' && k !== 'request');
  for (const name of own) {
    const fn = instance[name] as (params?: unknown, context?: unknown) => Promise<unknown>;
    // The implicit API methods (ccxt's closures, or construct.ts's): the other own functions are aliases of prototype methods.
    if (fn.name !== 'partial') continue;
    calls.set(name, (await fn({ probe: name }, { c: 1 })) as unknown[]);
  }
  return calls;
}

describe('fastConstructing', () => {
  it.each(['binance', 'bybit', 'okx', 'gate'])('gives %s instances exactly the implicit methods ccxt gives them', async (id) => {
    const Base = (ccxt as unknown as Record<string, ExchangeClass>)[id];
    const Fast = fastConstructing(Base);
    expect(fastConstructing(Base)).toBe(Fast);
    const plain = new Base({ ...CONFIG }) as unknown as Record<string, unknown>;
    const first = new Fast({ ...CONFIG }) as unknown as Record<string, unknown>; // derives the names
    const later = new Fast({ ...CONFIG }) as unknown as Record<string, unknown>; // uses them
    expect(first).toBeInstanceOf(Base);
    // The same own properties (ccxt's snake_case aliases of the two overridden methods come first, that is all).
    expect(Object.keys(later).sort()).toEqual(Object.keys(plain).sort());
    const expected = await implicitCalls(plain);
    expect(expected.size).toBeGreaterThan(100);
    expect(await implicitCalls(first)).toEqual(expected);
    expect(await implicitCalls(later)).toEqual(expected);
  });

  it('builds instances that share no state: each method calls its own instance', async () => {
    const Fast = fastConstructing(ccxt.binance as unknown as ExchangeClass);
    const a = new Fast({ ...CONFIG }) as unknown as Record<string, unknown>;
    const b = new Fast({ ...CONFIG }) as unknown as Record<string, unknown>;
    expect(a.sapiGetAccountApiRestrictions).not.toBe(b.sapiGetAccountApiRestrictions);
    const seen: string[] = [];
    a.request = () => Promise.resolve(seen.push('a'));
    b.request = () => Promise.resolve(seen.push('b'));
    await (b.sapiGetAccountApiRestrictions as () => Promise<unknown>)();
    await (a.sapi_get_account_apirestrictions as () => Promise<unknown>)();
    expect(seen).toEqual(['b', 'a']);
    expect(a.options).not.toBe(b.options);
    expect(a.api).not.toBe(b.api);
  });

  it('looks for the optional proxy-agent packages once per process, and tells every instance', async () => {
    const look = vi.spyOn(Object.getPrototypeOf(ccxt.binance.prototype) as { loadProxyModules(): Promise<void> }, 'loadProxyModules');
    const made = [ccxt.binance, ccxt.bybit, ccxt.binance].map((C) => new (fastConstructing(C as unknown as ExchangeClass))({ ...CONFIG }) as unknown as Record<string, unknown> & { loadProxyModules(): Promise<void> });
    for (const instance of made) await instance.loadProxyModules();
    expect(look.mock.calls.length).toBeLessThanOrEqual(1);
    const plain = new ccxt.binance({ ...CONFIG }) as unknown as Record<string, unknown> & { loadProxyModules(): Promise<void> };
    look.mockRestore();
    await plain.loadProxyModules();
    for (const instance of made) {
      for (const field of ['httpProxyAgentModule', 'httpsProxyAgentModule', 'socksProxyAgentModule', 'socksProxyAgentModuleChecked']) expect(instance[field], field).toEqual(plain[field]);
    }
  });
});
