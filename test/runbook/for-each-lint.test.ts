// Lint of `for-each`: the list's expression, where `item` may appear, a list input, and the
// collected outputs of a for-each step; `with` of a for-each step is still checked.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';
import { describeRunbook } from '../../src/runbook/describe.js';
import { registerTestActions } from '../helpers/test-actions.js';

beforeAll(() => registerTestActions());

function lint(text: string) {
  const { runbook, problems } = loadRunbookText(text, 'rb.yaml');
  // Unused-input warnings are another rule's business; these runbooks declare inputs they skip.
  const relevant = problems.filter((p) => !(p.severity === 'warning' && p.message.includes('no step uses it')));
  return { runbook, found: relevant.map((p) => `${p.severity} ${p.line}:${p.col} ${p.path}: ${p.message}`) };
}

const head = `version: 1
name: rb
inputs:
  accounts: { type: list, default: [binance/main] }
  since: { type: duration, default: 72h }
steps:
`;

describe('for-each lint', () => {
  it('accepts item in with, if, title and continue-on-error, and items[item] of an earlier for-each step', () => {
    const { runbook, found } = lint(`${head}  - id: cancel
    title: "Cancel on \${{ item }}"
    uses: test.cancel-orders
    for-each: \${{ inputs.accounts }}
    if: \${{ item != 'x' }}
    continue-on-error: \${{ item == 'y' }}
    with: { exchange: "\${{ item }}" }
  - id: read
    uses: test.read-activity
    for-each: \${{ inputs.accounts }}
    with: { exchange: "\${{ steps.cancel.outputs.items[item].cancelled }}", since: "\${{ inputs.since }}" }
  - id: note
    uses: test.note
    with: { message: "\${{ steps.cancel.outputs.succeeded }} of \${{ steps.cancel.outputs.count }}" }
`);
    expect(found).toEqual([]);
    expect(runbook?.runbook.steps[0]['for-each']).toBe('${{ inputs.accounts }}');
    expect(describeRunbook(runbook!.runbook).steps[0].forEach).toBe('once per item of ${{ inputs.accounts }}, every item at the same time');
  });

  it('refuses item outside a for-each step and inside the for-each list itself', () => {
    const { runbook, found } = lint(`${head}  - id: a
    uses: test.note
    with: { message: "\${{ item }}" }
  - id: b
    uses: test.note
    for-each: \${{ item.list }}
    with: { message: hi }
`);
    expect(runbook).toBeUndefined();
    expect(found).toEqual([
      'error 9:27 steps[0].with.message: `item` exists only in a step with `for-each` (it is the current element of the list): add for-each to the step, or use inputs or steps',
      'error 12:19 steps[1].for-each: `item` is each element of the for-each list, so the list cannot use it',
    ]);
  });

  it('refuses a for-each over an input that is not a list, and a plain string', () => {
    const { found } = lint(`${head}  - id: a
    uses: test.note
    for-each: \${{ inputs.since }}
    with: { message: hi }
  - id: b
    uses: test.note
    for-each: inputs.accounts
    with: { message: hi }
`);
    expect(found).toEqual([
      'error 9:26 steps[0].for-each: for-each needs a list, and input "since" is a duration: declare it with type: list',
      'error 13:15 steps[1].for-each: expected a ${{ }} expression that yields a list, e.g. ${{ inputs.accounts }}, or a list, got "inputs.accounts"',
    ]);
  });

  it('refuses an output a for-each step does not have, saying how to reach one item', () => {
    const { found } = lint(`${head}  - id: cancel
    uses: test.cancel-orders
    for-each: \${{ inputs.accounts }}
    with: { exchange: "\${{ item }}" }
  - id: b
    uses: test.note
    with: { message: "\${{ steps.cancel.outputs.cancelled }}" }
`);
    expect(found).toEqual([
      'error 13:48 steps[1].with.message: step "cancel" runs once per item (for-each), so its outputs are items, outcomes, count, succeeded, failed, skipped; one item\'s "cancelled" is steps.cancel.outputs.items[<item key>].cancelled',
    ]);
  });

  it('still checks the action inputs of a for-each step', () => {
    const { found } = lint(`${head}  - id: cancel
    uses: test.cancel-orders
    for-each: [binance/main, bybit/main]
    with: { side: hold }
`);
    expect(found).toEqual([
      'error 10:5 steps[0].with.exchange: missing required input "exchange" for action test.cancel-orders: add it under with:',
      'error 10:19 steps[0].with.side: expected "buy" | "sell", got "hold"',
    ]);
  });
});
