// Number formatting the way the exchanges print it. Amounts are held as JS numbers inside the
// simulator (values are small and generated; an exchange ledger this is not) and rounded to the
// market's step when printed, so every value on the wire is a clean decimal string.

/** Decimal places implied by a step such as 0.001 (-> 3) or 1 (-> 0). */
export function decimalsOf(step: number): number {
  if (step >= 1) return 0;
  return Math.max(0, Math.min(12, Math.round(-Math.log10(step))));
}

/** Rounds down to a multiple of `step` (how the exchanges truncate quantities). */
export function floorToStep(value: number, step: number): number {
  const decimals = decimalsOf(step);
  const units = Math.floor(value / step + 1e-9);
  return Number((units * step).toFixed(decimals));
}

export function roundToStep(value: number, step: number): number {
  const decimals = decimalsOf(step);
  return Number((Math.round(value / step) * step).toFixed(decimals));
}

/** Binance style: always 8 decimals, e.g. "60000.00000000". */
export function fixed8(value: number): string {
  return (Number.isFinite(value) ? value : 0).toFixed(8);
}

/** Bybit style: the shortest exact decimal, e.g. "0.001", "60000". */
export function plain(value: number, maxDecimals = 10): string {
  if (!Number.isFinite(value)) return '0';
  const text = value.toFixed(maxDecimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Parses a decimal parameter; undefined for anything that is not a finite number. */
export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Parses an integer parameter (digits only, optional minus); undefined otherwise. */
export function parseInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,17}$/.test(text.trim())) return undefined;
  return Number(text);
}
