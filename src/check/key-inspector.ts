// What kit asks the exchange about a key: its permissions, IP restriction and age. Commands and
// key.reissue use this small interface; the default implementation goes through the exchange
// layer (src/exchange, which alone speaks ccxt), imported only when a key is inspected.
// Tests of the commands may inject another implementation (see setKeyInspectorFactory).
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
  /** True when the exchange does not say whether the key is IP-restricted (ipRestricted is then false). */
  ipRestrictionUnknown?: boolean;
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

/**
 * Reads the key's permissions through the exchange layer (src/exchange: the gateway's connect()
 * and the per-exchange key operations), imported only when a key is inspected, so that kit's
 * start-up never loads ccxt. A fresh instance per call, as the verify-dead rule wants (notes §A1).
 */
export function exchangeKeyInspector(options: InspectorOptions = {}): KeyInspector {
  return {
    async permissions(ref) {
      const [{ connect }, { keyOperationsFor }, { explainError }, { toUserError }] = await Promise.all([
        import('../exchange/gateway.js'),
        import('../exchange/keys/index.js'),
        import('../exchange/classify.js'),
        import('../exchange/user-errors.js'),
      ]);
      const operations = keyOperationsFor(ref.exchange);
      if (!operations) {
        throw new KitError(`kit cannot ask ${ref.exchange} about a key's permissions through its API`, ExitCode.usage, {
          hint: 'Run `kit exchanges` for the exchanges whose key permissions kit can read.',
        });
      }
      try {
        const exchange = await connect(ref.exchange, ref.account, ref.credentials, { baseUrl: ref.baseUrl, sandbox: ref.sandbox, dryRun: false, audit: options.audit });
        return normalizePermissions({ ...(await operations.permissions(exchange)) });
      } catch (error) {
        const user = toUserError(error, ref.exchange, ref.baseUrl);
        if (user !== error) throw user;
        if (error !== null && typeof error === 'object' && !(error instanceof KitError)) {
          // The exchange layer's reading of the answer (dead / restricted / ...) decides.
          const explained = explainError(error, { exchange: ref.exchange });
          Object.assign(error, { kitKind: explained.kind, kitReason: explained.reason });
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
        const { kitKind: kind, kitReason: reason } = error as { kitKind?: string; kitReason?: string };
        const name = (error as Error).name ?? '';
        const message = ((error as Error).message ?? String(error)).split('\n')[0].slice(0, 300);
        if (kind === 'dead' || kind === 'restricted' || /Authentication|PermissionDenied|AccountSuspended/.test(name)) {
          throw new KeyRejectedError(ref.exchange, ref.account, `${reason ?? name}: ${message}`, { cause: error });
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
  if (raw.ipRestricted === null || raw.ipRestricted === undefined) perms.ipRestrictionUnknown = true;
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
