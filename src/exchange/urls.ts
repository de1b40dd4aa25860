// Base-URL override for a ccxt instance: replaces scheme+host of EVERY `urls.api` entry,
// nested maps included (Gate nests two levels), so that nothing still points at production.
// Bybit/OKX entries such as `https://api.{hostname}` become the base URL exactly.
import { UsageError } from '../errors.js';

const ORIGIN = /^https?:\/\/[^/]+/;

/** Validates and normalises a base URL (scheme + host + optional port, no trailing slash). */
export function normaliseBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new UsageError(`base URL "${baseUrl}" is not a URL`, { hint: 'Give an origin such as http://127.0.0.1:8080.' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`base URL "${baseUrl}" must start with http:// or https://`, { hint: 'Give an origin such as http://127.0.0.1:8080.' });
  }
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash) {
    throw new UsageError(`base URL "${baseUrl}" must be an origin without a path`, { hint: `Use ${parsed.origin}; kit keeps each endpoint's own path.` });
  }
  return parsed.origin;
}

export type UrlTree = string | { [key: string]: UrlTree | undefined } | undefined;

/** Returns a copy of `tree` with every string leaf's origin replaced by `origin`. */
export function rewriteApiUrls(tree: UrlTree, origin: string): UrlTree {
  if (typeof tree === 'string') return ORIGIN.test(tree) ? tree.replace(ORIGIN, origin) : tree;
  if (tree === undefined || tree === null || typeof tree !== 'object') return tree;
  const out: { [key: string]: UrlTree } = {};
  for (const [key, value] of Object.entries(tree)) out[key] = rewriteApiUrls(value, origin);
  return out;
}

/** Every string leaf of a url tree (for checks that nothing points elsewhere). */
export function urlLeaves(tree: UrlTree): string[] {
  if (typeof tree === 'string') return [tree];
  if (!tree || typeof tree !== 'object') return [];
  return Object.values(tree).flatMap((v) => urlLeaves(v));
}
