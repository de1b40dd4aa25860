// Conversion between plain JavaScript values and @actions/expressions' typed data.
//
// The library's Dictionary keeps its key index in a plain object, so keys named like
// Object.prototype members (`constructor`, `__proto__`) are dropped, and its toJSON assigns
// keys onto a plain object. ObjectView instead reads the plain value's OWN properties only: a
// lookup of `__proto__` or `constructor` finds what the data really holds (normally nothing,
// hence null), never a prototype. It is also lazy: `steps.sweep.outputs.trades[0].id` converts
// only what the expression touches, so large step outputs cost nothing until used.
import { data } from '@actions/expressions';
import type { Pair } from '@actions/expressions/data/expressiondata';

type Data = data.ExpressionData;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export class ObjectView extends data.Dictionary {
  private readonly added = new Map<string, { key: string; value: Data }>();

  constructor(private readonly source: Readonly<Record<string, unknown>>) {
    super();
  }

  /** Keys are case-insensitive, as in GitHub Actions: the exact spelling wins, then any other. */
  private ownKey(key: string): string | undefined {
    if (hasOwn(this.source, key)) return key;
    const folded = key.toLowerCase();
    return Object.keys(this.source).find((k) => k.toLowerCase() === folded);
  }

  override add(key: string, value: Data): void {
    if (this.get(key) === undefined) this.added.set(key.toLowerCase(), { key, value });
  }

  override get(key: string): Data | undefined {
    const own = this.ownKey(key);
    if (own !== undefined) return toExpressionData(this.source[own]);
    return this.added.get(key.toLowerCase())?.value;
  }

  override pairs(): Pair[] {
    const own = Object.keys(this.source).map((key) => ({ key, value: toExpressionData(this.source[key]) }));
    return [...own, ...this.added.values()];
  }

  override values(): Data[] {
    return this.pairs().map((p) => p.value);
  }
}

/** Plain value -> expression data. Functions, symbols and undefined become null. */
export function toExpressionData(value: unknown): Data {
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'bigint') return new data.NumberData(Number(value));
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (value instanceof Date) return new data.StringData(value.toISOString());
  if (typeof value !== 'object') return new data.Null();
  if (Array.isArray(value)) {
    // add() one by one: spreading a very long list into the constructor overflows the stack.
    const list = new data.Array();
    for (const item of value) list.add(toExpressionData(item));
    return list;
  }
  return new ObjectView(value as Record<string, unknown>);
}

/** Expression data -> plain value (objects get own properties only, whatever their names). */
export function fromExpressionData(d: Data): unknown {
  switch (d.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.String:
    case data.Kind.Boolean:
      return (d as data.StringData | data.BooleanData).value;
    case data.Kind.Number:
      return d.number();
    case data.Kind.Array:
      return (d as data.Array).values().map(fromExpressionData);
    default: {
      const out: Record<string, unknown> = {};
      for (const { key, value } of (d as data.Dictionary).pairs()) {
        Object.defineProperty(out, key, { value: fromExpressionData(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

/** How a value reads inside a string: GitHub's coercion for scalars, JSON for lists and objects. */
export function expressionDataToText(d: Data): string {
  if (d.kind === data.Kind.Array || d.kind === data.Kind.Dictionary) return JSON.stringify(fromExpressionData(d));
  return d.coerceString();
}
