// Marks a field of an action's input schema as secret, so the engine redacts it by field in
// the journal and output, and registers its value with the redactor, whatever it contains.
import { z } from 'zod';

const secretSchemas = new WeakSet<z.ZodType>();

export function secret<T extends z.ZodType>(schema: T): T {
  secretSchemas.add(schema);
  return schema;
}

export function isSecretSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && secretSchemas.has(schema as z.ZodType);
}

/** Names of the top-level secret fields of an object schema (optional/default wrappers looked through). */
export function secretFieldsOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) return [];
  return Object.entries(shape).filter(([, s]) => isSecretDeep(s)).map(([k]) => k);
}

function isSecretDeep(schema: z.ZodType): boolean {
  let current: unknown = schema;
  for (let i = 0; i < 5 && current; i++) {
    if (isSecretSchema(current)) return true;
    const def = (current as { def?: { innerType?: unknown } }).def;
    current = def?.innerType;
  }
  return false;
}
