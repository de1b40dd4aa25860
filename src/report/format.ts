// Plain formatting of times, durations, sizes and numbers for the report, always in UTC so a
// report reads the same wherever it is opened.

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2025-03-07 15:04:11 UTC` from an ISO string or epoch milliseconds. */
export function utcText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return String(value);
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC').replace(/Z$/, ' UTC');
}

/** `3 h 12 min`, `4 min 05 s`, `850 ms`: two units at most, which is what a person reads. */
export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${durationText(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Up to 8 significant digits, no exponent for ordinary magnitudes, thousands separated. */
export function numberText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-8 || abs >= 1e15)) return value.toExponential(4);
  const digits = abs >= 1 ? Math.max(0, 8 - Math.floor(Math.log10(abs)) - 1) : 8;
  const fixed = value.toFixed(Math.min(digits, 10)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** A value from a journal (step outputs, inputs) as a short line of text. */
export function valueText(value: unknown, max = 120): string {
  let text: string;
  if (value === null || value === undefined) text = '—';
  else if (typeof value === 'string') text = value;
  else if (Array.isArray(value)) {
    const items = value.slice(0, 5).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    text = `${value.length} item${value.length === 1 ? '' : 's'}${items.length ? ': ' + items.join(', ') : ''}${value.length > 5 ? ', …' : ''}`;
  } else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
