// `node --import ./test/helpers/preload-test-actions.mjs bin/kit.js ...`: registers the test
// actions in the built CLI's own registry (the same dist/ module instance the CLI imports).
import { z } from 'zod';
import { registerAction } from '../../dist/actions/registry.js';
import { secret } from '../../dist/actions/secret-field.js';
import { DURATION_PATTERN } from '../../dist/runbook/schema.js';
import { defineTestActions } from './test-actions.mjs';

for (const action of defineTestActions({ z, secret, durationPattern: DURATION_PATTERN })) registerAction(action);
