// Building a ccxt instance costs CPU: its constructor derives a camelCase and a snake_case
// method name for every endpoint of the exchange's REST API (Binance: 822 endpoints, 1 644
// methods) by splitting, capitalising and joining strings, again for every instance. An
// incident with 20 accounts builds 40 instances at once (one to work with, one fresh probe per
// key), and that string work was the largest single cost of containing them.
//
// The subclass made here derives the names once per exchange class (with ccxt's own code, on a
// scratch object) and gives every later instance the very same methods: its own closures, bound
// to itself, calling `request` with the same path, API section, HTTP method and cost as ccxt's
// would. Nothing else changes: each instance is as fresh as a plain `new ccxt[id]()`. (The
// optional proxy-agent packages, looked for before an instance's first request, are also looked
// for once per process.)
import type { Exchange } from 'ccxt';

export type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

interface Endpoint {
  /** The names ccxt gives the method, camelCase then snake_case (one when they agree). */
  names: string[];
  methodName: string;
  path: string;
  typeArgument: string | string[];
  method: string;
  config: Record<string, unknown>;
}

type EndpointDefiner = (this: unknown, methodName: string, uppercaseMethod: string, lowercaseMethod: string, camelcaseMethod: string, path: string, paths: string[], config?: Record<string, unknown>) => void;

interface ImplicitApi {
  api: unknown;
  loadProxyModules(): Promise<void>;
  defineRestApi(api: unknown, methodName: string, paths?: string[]): void;
  defineRestApiEndpoint(methodName: string, uppercaseMethod: string, lowercaseMethod: string, camelcaseMethod: string, path: string, paths: string[], config?: Record<string, unknown>): void;
  capitalize(s: string): string;
}

const classes = new WeakMap<ExchangeClass, ExchangeClass>();

// Before its first request, every ccxt instance tries to import the optional proxy-agent packages
// (each failed import builds an error with a stack). Whether they are installed is the same for
// every instance of the process: the first one to look says so for all.
const PROXY_MODULE_FIELDS = ['httpProxyAgentModule', 'httpsProxyAgentModule', 'socksProxyAgentModule', 'socksProxyAgentModuleChecked', 'proxiesModulesLoading'];
let proxyModules: Promise<Record<string, unknown>> | undefined;

function pick(from: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, from[f]]));
}

/** A subclass of `Base` that builds its implicit API methods from names derived once. */
export function fastConstructing(Base: ExchangeClass): ExchangeClass {
  const known = classes.get(Base);
  if (known) return known;
  const original = (Base.prototype as ImplicitApi).defineRestApiEndpoint as EndpointDefiner | undefined;
  if (typeof original !== 'function') return Base;
  const defineEndpoint: EndpointDefiner = original;
  let endpoints: Endpoint[] | undefined;
  let recording: Endpoint[] | undefined;
  const Base_ = Base as unknown as new (config: Record<string, unknown>) => ImplicitApi;
  class FastConstructing extends Base_ {
    override defineRestApi(api: unknown, methodName: string, paths: string[] = []): void {
      // Only the constructor's call for the class's own API is derived once; anything else as ccxt does it.
      if (paths.length > 0 || api !== this.api || recording) return super.defineRestApi(api, methodName, paths);
      if (endpoints) return defineFrom(this as unknown as Record<string, unknown>, endpoints);
      recording = [];
      try {
        super.defineRestApi(api, methodName, paths);
        endpoints = recording;
      } finally {
        recording = undefined;
      }
    }

    override defineRestApiEndpoint(methodName: string, uppercaseMethod: string, lowercaseMethod: string, camelcaseMethod: string, path: string, paths: string[], config: Record<string, unknown> = {}): void {
      if (recording) {
        // ccxt's own naming, run on a scratch object: the names are exactly the ones it would give.
        const scratch: Record<string, unknown> = { capitalize: this.capitalize };
        defineEndpoint.call(scratch, methodName, uppercaseMethod, lowercaseMethod, camelcaseMethod, path, paths, config);
        const names = Object.keys(scratch).filter((k) => k !== 'capitalize');
        recording.push({ names, methodName, path, typeArgument: paths.length > 1 ? paths : paths[0], method: uppercaseMethod, config });
      }
      super.defineRestApiEndpoint(methodName, uppercaseMethod, lowercaseMethod, camelcaseMethod, path, paths, config);
    }

    override async loadProxyModules(): Promise<void> {
      proxyModules ??= super.loadProxyModules().then(() => pick(this as unknown as Record<string, unknown>, PROXY_MODULE_FIELDS));
      Object.assign(this, await proxyModules);
    }
  }
  Object.defineProperty(FastConstructing, 'name', { value: Base.name });
  const made = FastConstructing as unknown as ExchangeClass;
  classes.set(Base, made);
  return made;
}

/** What ccxt's defineRestApiEndpoint assigns, from the recorded names. */
function defineFrom(instance: Record<string, unknown>, endpoints: readonly Endpoint[]): void {
  for (const e of endpoints) {
    const { methodName, path, typeArgument, method } = e;
    // A copy per instance, as ccxt's own (each instance deep-copies its API description).
    const config = { ...e.config };
    const partial = async (params = {}, context = {}): Promise<unknown> => (instance[methodName] as (...args: unknown[]) => Promise<unknown>)(path, typeArgument, method, params, undefined, undefined, config, context);
    for (const name of e.names) instance[name] = partial;
  }
}
