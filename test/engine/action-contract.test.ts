// Walks the WHOLE registry: every action any branch registers is checked against the contract
// of DESIGN.md "Actions", with no edit to this file.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listActions } from '../../src/actions/registry.js';
import { secretFieldsOf } from '../../src/actions/secret-field.js';
import { SECRET_KEY_NAMES } from '../../src/secrets/redact.js';

const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const EFFECTS = ['read', 'write', 'notify', 'local'];
/** Field names that end like a secret (apiSecret, smtpPassword, webhookToken): they must be marked with secret(). */
const SECRET_NAME = /(secret|password|passphrase|token|private-?key|api-?key)$/i;

const actions = listActions();

describe('action registry contract', () => {
  it('holds the core actions at least', () => {
    expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(['manual.confirm', 'manual.checklist', 'log.note', 'wait']));
  });

  describe.each(actions.map((a) => [a.name, a] as const))('%s', (_name, action) => {
    it('has a well-formed name, a description and a known effect', () => {
      expect(action.name).toMatch(NAME);
      expect(action.description.trim().length).toBeGreaterThan(0);
      expect(EFFECTS).toContain(action.effect);
      expect(typeof action.run).toBe('function');
    });

    it('takes a zod object as input', () => {
      expect(action.input).toBeInstanceOf(z.ZodObject);
    });

    it('has plan() when it writes or notifies, and reconcile() when it writes', () => {
      if (action.effect === 'write' || action.effect === 'notify') expect(typeof action.plan).toBe('function');
      if (action.effect === 'write') expect(typeof action.reconcile).toBe('function');
    });

    it('marks every secret-looking input field as secret, so it is masked by field', () => {
      const shape = (action.input as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      const secretLooking = Object.keys(shape).filter((k) => SECRET_NAME.test(k) || SECRET_KEY_NAMES.has(k));
      expect(secretFieldsOf(action.input)).toEqual(expect.arrayContaining(secretLooking));
    });

    it('describes itself without throwing on a partial input', () => {
      if (action.describe) expect(typeof action.describe({})).toBe('string');
    });
  });
});
