// What kit asks the exchange about a key: its permissions, IP restriction and age. Commands and
// key.reissue use this small interface; the default implementation goes through the exchange
// layer (src/exchange, which alone speaks ccxt), imported only when a key is inspected.
import { ExitCode, KitError } from '../errors.js';
import type { AuditSink } from '../audit/types.js';
import { redactError } from '../secrets/redact.js';
import type { StoredAccount } from '../secrets/types.js';

export interface KeyPermissions {
  read: boolean;
  trade: boolean;
  withdraw: boolean;
  futures?: boolean;
  margin?: boolean;
  ipRestricted: boolean;
  /** The allowed IPs, where the exchange tells them. */
  ips?: string[];
  /** ISO 8601, where the exchange tells it. */
  createdAt?: string;
  expiresAt?: string;
}

export interface KeyInspector {
  permissions(ref: StoredAccount): Promise<KeyPermissions>;
}

export interface InspectorOptions {
  audit?: AuditSink;
}

/** The exchange refused the key (invalid, deleted, IP-blocked or lacking permission to read). */
export class KeyRejectedError extends KitError {
  constructor(exchange: string, account: string, reason: string, options: { cause?: unknown } = {}) {
    super(`${exchange} refused the key for ${exchange}/${account}: ${reason}`, ExitCode.unavailable, {
      hint: "Check that the key and secret were copied whole, that the key is enabled with read permission, and that this machine's IP is on its allow-list.",
      ...options,
    });
  }
}

type ExchangeModule = Record<string, unknown>;
// A variable specifier: the exchange layer is built on another branch and merged by the lead;
// until then this import fails at run time (with the message below), not at compile time.
const EXCHANGE_MODULE = '../exchange/index.js';

async function loadExchangeLayer(): Promise<ExchangeModule> {
  try {
    return (await import(EXCHANGE_MODULE)) as ExchangeModule;
  } catch (error) {
    throw new KitError('the exchange layer is not available in this build of kit, so the key cannot be checked with the exchange', ExitCode.internal, {
      hint: 'Build kit with src/exchange (npm run build) and run the command again.',
      cause: error,
    });
  }
}

type Fn = (...args: unknown[]) => Promise<unknown>;

/** Reads the key's permissions through the exchange layer: connect(...) then its key-permissions call. */
export function exchangeKeyInspector(options: InspectorOptions = {}): KeyInspector {
  return {
    async permissions(ref) {
      const layer = await loadExchangeLayer();
      const connect = layer.connect as Fn | undefined;
      if (typeof connect !== 'function') throw new KitError('the exchange layer has no connect()', ExitCode.internal);
      try {
        const account = { exchange: ref.exchange, account: ref.account, baseUrl: ref.baseUrl, sandbox: ref.sandbox };
        const session = (await connect(ref.exchange, account, ref.credentials, { baseUrl: ref.baseUrl, sandbox: ref.sandbox, dryRun: false, audit: options.audit })) as Record<string, unknown>;
        const read = (layer.keyPermissions ?? layer.readKeyPermissions) as Fn | undefined;
        const method = (session.keyPermissions ?? session.permissions) as Fn | undefined;
        const result = typeof read === 'function' ? await read(session) : typeof method === 'function' ? await method.call(session) : undefined;
        if (!result) throw new KitError('the exchange layer cannot read key permissions', ExitCode.internal);
        return normalizePermissions(result as Record<string, unknown>);
      } catch (error) {
        // Let the exchange layer's own classification (dead / restricted / transient) decide.
        const classify = layer.classifyError as ((e: unknown) => { kind?: string } | string) | undefined;
        if (typeof classify === 'function' && error !== null && typeof error === 'object' && !(error instanceof KitError)) {
          const c = classify(error);
          (error as { kitKind?: string }).kitKind = typeof c === 'string' ? c : c?.kind;
        }
        throw error;
      }
    },
  };
}

/**
 * Turns whatever an inspector throws into a clear kit error, redacted: a refused key
 * (authentication or permission errors, or kind dead/restricted) is a KeyRejectedError, anything
 * else "could not check the key".
 */
export function withKeyErrors(inner: KeyInspector): KeyInspector {
  return {
    async permissions(ref) {
      try {
        return normalizePermissions((await inner.permissions(ref)) as unknown as Record<string, unknown>);
      } catch (error) {
        if (error instanceof KitError) throw error;
        redactError(error);
        const kind = (error as { kitKind?: string }).kitKind;
        const name = (error as Error).name ?? '';
        const message = ((error as Error).message ?? String(error)).split('\n')[0].slice(0, 300);
        if (kind === 'dead' || kind === 'restricted' || /Authentication|PermissionDenied|AccountSuspended/.test(name)) {
          throw new KeyRejectedError(ref.exchange, ref.account, `${name}: ${message}`, { cause: error });
        }
        throw new KitError(`could not check the key with ${ref.exchange} (${name || 'error'}: ${message})`, ExitCode.unavailable, {
          hint: 'The exchange could not be reached or answered with an error; try again in a moment.',
          cause: error,
        });
      }
    },
  };
}

/** Accepts the exchange layer's answer in kit's KeyPermissions shape, filling what is missing safely. */
export function normalizePermissions(raw: Record<string, unknown>): KeyPermissions {
  const perms: KeyPermissions = {
    read: raw.read === true,
    trade: raw.trade === true,
    // An unknown withdrawal permission counts as enabled: kit never assumes a key is safe.
    withdraw: raw.withdraw !== false,
    ipRestricted: raw.ipRestricted === true,
  };
  if (typeof raw.futures === 'boolean') perms.futures = raw.futures;
  if (typeof raw.margin === 'boolean') perms.margin = raw.margin;
  if (Array.isArray(raw.ips)) perms.ips = raw.ips.filter((ip): ip is string => typeof ip === 'string');
  if (typeof raw.createdAt === 'string') perms.createdAt = raw.createdAt;
  if (typeof raw.expiresAt === 'string') perms.expiresAt = raw.expiresAt;
  return perms;
}

let factoryOverride: ((options: InspectorOptions) => KeyInspector) | undefined;

/**
 * Replaces the inspector every command uses. For a test harness that runs the built CLI with an
 * inspector of its own (test/check/fixtures/kit-with-inspector.mjs); kit itself never sets it.
 */
export function setKeyInspectorFactory(factory: ((options: InspectorOptions) => KeyInspector) | undefined): void {
  factoryOverride = factory;
}

/** The inspector commands use, with clear, redacted errors. */
export function getKeyInspector(options: InspectorOptions = {}): KeyInspector {
  return withKeyErrors(factoryOverride ? factoryOverride(options) : exchangeKeyInspector(options));
}
