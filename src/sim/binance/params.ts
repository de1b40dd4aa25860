// Reading Binance parameters with Binance's own errors for missing or malformed values.
import { parseDecimal } from '../util/decimal.js';
import type { SimMarket } from '../model/types.js';
import type { SimState } from '../model/state.js';
import type { Params } from '../server/request.js';
import { BinanceApiError, binanceErrors } from './errors.js';

export function requireParam(params: Params, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw binanceErrors.mandatory(name);
  return value;
}

export function intParam(params: Params, name: string): number | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!/^-?\d{1,20}$/.test(value)) throw binanceErrors.illegalChars(name);
  return Number(value);
}

export function decimalParam(params: Params, name: string): number | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  const parsed = parseDecimal(value);
  if (parsed === undefined || parsed < 0) {
    throw new BinanceApiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
  }
  return parsed;
}

export function marketParam(state: SimState, params: Params): SimMarket {
  const symbol = requireParam(params, 'symbol');
  const market = state.markets.get(symbol.toUpperCase());
  if (!market) throw binanceErrors.badSymbol();
  return market;
}

/** The `symbol` of a /fapi request: a market with a USDⓈ-M perpetual, else -1121 as Binance answers. */
export function perpetualParam(state: SimState, params: Params): SimMarket {
  const market = marketParam(state, params);
  if (!market.futures) throw binanceErrors.badSymbol();
  return market;
}

/** `limit` with Binance's default and cap. */
export function limitParam(params: Params, defaultLimit: number, maxLimit: number): number {
  const limit = intParam(params, 'limit');
  if (limit === undefined) return defaultLimit;
  if (limit < 1) throw binanceErrors.badValue('limit');
  return Math.min(limit, maxLimit);
}

export function boolParam(params: Params, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'TRUE') return true;
  if (value === 'false' || value === 'FALSE') return false;
  throw binanceErrors.badValue(name);
}
