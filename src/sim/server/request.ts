// What a dialect sees of an HTTP request: the raw query and body exactly as received (signatures
// are checked over the raw bytes, never over re-encoded parameters), and decoded parameters.

export interface SimRequest {
  method: string;
  /** Path without the query, e.g. /api/v3/order. */
  pathname: string;
  /** Everything after the first `?`, undecoded ('' when absent). */
  rawQuery: string;
  /** The request line contained a `?` (Bybit signs `path?` with an empty query). */
  hasQueryMark: boolean;
  rawBody: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  remoteAddress: string;
  /** Server time (clock offset applied) when the request arrived, ms. */
  receivedAt: number;
}

/** Percent-decoding that never throws; `+` stays a literal plus (ccxt's rawencode sends e-mails so). */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Ordered parameters from `a=1&b=2` (split at the first `=`: base64 cursors end in `==`). */
export class Params {
  private readonly values = new Map<string, string>();
  readonly names: string[] = [];

  static fromPairs(raw: string): Params {
    const params = new Params();
    if (raw === '') return params;
    for (const part of raw.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = safeDecode(eq < 0 ? part : part.slice(0, eq));
      const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
      params.set(name, value);
    }
    return params;
  }

  static fromObject(object: Record<string, unknown>): Params {
    const params = new Params();
    for (const [name, value] of Object.entries(object)) {
      if (value === undefined || value === null) continue;
      params.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    return params;
  }

  set(name: string, value: string): void {
    if (!this.values.has(name)) this.names.push(name);
    this.values.set(name, value);
  }

  get(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** The client's address without the IPv4-mapped prefix: ::ffff:127.0.0.1 -> 127.0.0.1. */
export function clientIp(request: SimRequest): string {
  return request.remoteAddress.replace(/^::ffff:/, '');
}
