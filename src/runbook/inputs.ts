// Runbook inputs: `--input k=v` strings converted by declared type, defaults applied, and every
// problem (missing, unknown, bad value) reported at once with how to fix it.
import { UsageError } from '../errors.js';
import { registerSecret } from '../secrets/redact.js';
import { isDuration } from './duration.js';
import type { InputSpec, Runbook } from './schema.js';
import { didYouMean } from '../util/suggest.js';

export type GivenInputs = Record<string, string | string[] | number | boolean>;

export type Conversion = { ok: true; value: unknown } | { ok: false; problem: string };

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0']);

/** What to type for an input, for messages: `exchange=binance`, `since=72h`. */
export function exampleAssignment(name: string, spec: Pick<InputSpec, 'type' | 'options'>): string {
  const examples: Record<InputSpec['type'], string> = { string: '<text>', number: '10', boolean: 'true', duration: '72h', list: 'a,b', secret: '<secret>' };
  return `${name}=${spec.options?.[0] ?? examples[spec.type]}`;
}

function one(raw: unknown): { value: unknown } | { problem: string } {
  if (!Array.isArray(raw)) return { value: raw };
  if (raw.length === 1) return { value: raw[0] };
  return { problem: `was given ${raw.length} times; it takes one value` };
}

function describeGot(spec: Pick<InputSpec, 'type'>, value: unknown): string {
  return spec.type === 'secret' ? '' : ` (got ${JSON.stringify(value)})`;
}

function convertScalar(spec: Pick<InputSpec, 'type' | 'options'>, value: unknown): Conversion {
  switch (spec.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: `must be a number${describeGot(spec, value)}` };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const word = String(value).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, problem: `must be true or false${describeGot(spec, value)}` };
    }
    case 'duration': {
      const text = String(value).trim();
      return isDuration(text) ? { ok: true, value: text } : { ok: false, problem: `must be a duration such as 30s, 5m, 72h or 7d${describeGot(spec, value)}` };
    }
    default: {
      if (typeof value === 'object' && value !== null) return { ok: false, problem: `must be a single value${describeGot(spec, value)}` };
      const text = String(value);
      if (spec.options && spec.options.length > 0 && !spec.options.includes(text)) return { ok: false, problem: `must be one of ${spec.options.join(', ')}${describeGot(spec, text)}` };
      return { ok: true, value: text };
    }
  }
}

/** Converts one raw value (from `--input`, or a runbook default) to the input's declared type. */
export function convertInput(spec: Pick<InputSpec, 'type' | 'options'>, raw: unknown): Conversion {
  if (spec.type === 'list') {
    // A list comes comma-separated (`--input accounts=main,sub1`), repeated, or both.
    const items = (Array.isArray(raw) ? raw : [raw]).flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
    const values: unknown[] = [];
    for (const item of items) {
      const text = typeof item === 'string' ? item.trim() : item;
      if (text === '') continue;
      const converted = convertScalar({ type: 'string', options: spec.options }, text);
      if (!converted.ok) return { ok: false, problem: `has an item that ${converted.problem}` };
      values.push(converted.value);
    }
    return { ok: true, value: values };
  }
  const single = one(raw);
  if ('problem' in single) return { ok: false, problem: single.problem };
  return convertScalar(spec, single.value);
}

/**
 * Resolves the inputs of a run: converts what was given by declared type, applies defaults,
 * registers secret values with the redactor. Throws a UsageError listing every problem.
 */
export function resolveInputs(runbook: Runbook, given: GivenInputs): Record<string, unknown> {
  const declared = runbook.inputs ?? {};
  const names = Object.keys(declared);
  const problems: string[] = [];
  const resolved: Record<string, unknown> = {};

  for (const name of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(declared, name)) {
      const takes = names.length > 0 ? `this runbook takes: ${names.join(', ')}` : 'this runbook takes no inputs';
      problems.push(`unknown input "${name}"${didYouMean(name, names)}; ${takes}`);
    }
  }

  for (const [name, spec] of Object.entries(declared)) {
    const isGiven = Object.prototype.hasOwnProperty.call(given, name);
    const raw = isGiven ? given[name] : spec.default;
    if (raw === undefined) {
      if (spec.required) problems.push(`missing required input "${name}"${spec.description ? ` (${spec.description})` : ''}: add --input ${exampleAssignment(name, spec)}`);
      continue;
    }
    const converted = convertInput(spec, raw);
    if (!converted.ok) {
      problems.push(`input "${name}" ${converted.problem}${isGiven ? `: for example --input ${exampleAssignment(name, spec)}` : ' (its default in the runbook is wrong)'}`);
      continue;
    }
    if (spec.type === 'secret') registerSecret(String(converted.value));
    resolved[name] = converted.value;
  }

  if (problems.length > 0) {
    throw new UsageError(`runbook ${runbook.name}: ${problems.length} input problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      hint: 'Pass inputs as --input name=value (repeat --input for each one; a list takes a,b,c). `kit runbook show ' + runbook.name + '` lists the inputs.',
      details: { problems },
    });
  }
  return resolved;
}
