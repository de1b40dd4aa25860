// Registers the test actions (test-actions.mjs) in the registry of the src/ modules.
import { z } from 'zod';
import { registerAction } from '../../src/actions/registry.js';
import { secret } from '../../src/actions/secret-field.js';
import { DURATION_PATTERN } from '../../src/runbook/schema.js';
import { defineTestActions } from './test-actions.mjs';

export const testActions = defineTestActions({ z, secret, durationPattern: DURATION_PATTERN });

export function registerTestActions(): void {
  for (const action of testActions) registerAction(action);
}
