// ccxt unified symbols: BASE/QUOTE, or BASE/QUOTE:SETTLE for derivatives.

export interface MarketParts {
  base: string;
  quote: string;
}

const cache = new Map<string, MarketParts>();

export function marketParts(symbol: string): MarketParts {
  let parts = cache.get(symbol);
  if (!parts) {
    const [pair] = symbol.split(':');
    const slash = pair.indexOf('/');
    parts = slash === -1 ? { base: pair, quote: '' } : { base: pair.slice(0, slash), quote: pair.slice(slash + 1) };
    cache.set(symbol, parts);
  }
  return parts;
}
