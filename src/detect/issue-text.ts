// Turns zod issues into sentences a person can act on ("price must be a number, got the
// string "69.63""), instead of zod's generic wording.
import type { z } from 'zod';

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

function expectedText(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`;
  return out;
}

export function describeIssue(issue: z.core.$ZodIssue, what: string): string {
  const field = fieldName(issue.path);
  const subject = field === '' ? what : field;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined && field !== '') return `"${field}" is missing (${expectedText(issue.expected)} is required)`;
      return `${subject} must be ${expectedText(issue.expected)}, got ${describeValue(input)}`;
    case 'invalid_value':
      if (input === undefined && field !== '') return `"${field}" is missing (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
      return `${subject} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(input)}`;
    case 'too_small':
      if (issue.origin === 'string') return `${subject} must not be empty`;
      if (issue.origin === 'array') return `${subject} must have at least ${String(issue.minimum)} entries`;
      return `${subject} must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}, got ${describeValue(input)}`;
    case 'too_big':
      return `${subject} must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}, got ${describeValue(input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling against the bundle format in the README)`;
    default:
      return `${subject}: ${issue.message}`;
  }
}
