// The semantic rules one by one, on small inline runbooks: warnings do not block loading,
// errors do, and each problem is located.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';
import { registerTestActions } from '../helpers/test-actions.js';

beforeAll(() => registerTestActions());

function lint(text: string, file = 'rb.yaml') {
  const { runbook, problems } = loadRunbookText(text, file);
  return { runbook, found: problems.map((p) => `${p.severity} ${p.line}:${p.col} ${p.path}: ${p.message}`) };
}

const head = 'version: 1\nname: rb\n';

describe('warnings (the runbook still loads)', () => {
  it('an input nothing uses, and a required input with a default', () => {
    const { runbook, found } = lint(`${head}inputs:\n  exchange: { type: string, required: true, default: binance }\n  unused: { type: number }\nsteps:\n  - id: a\n    uses: test.note\n    with: { message: "\${{ inputs.exchange }}" }\n`);
    expect(runbook).toBeDefined();
    expect(found).toEqual([
      'warning 4:45 inputs.exchange.default: a required input never uses its default: remove `required: true` or the default',
      'warning 5:3 inputs.unused: input "unused" is declared but no step uses it (${{ inputs.unused }})',
    ]);
  });

  it('failure() in a step that never runs after a failure', () => {
    const { runbook, found } = lint(`${head}steps:\n  - id: a\n    uses: test.note\n    with: { message: hi }\n  - id: b\n    uses: test.note\n    if: \${{ failure() }}\n    with: { message: failed }\n  - id: c\n    uses: test.note\n    always: true\n    if: failure()\n    with: { message: failed }\n`);
    expect(runbook).toBeDefined();
    expect(found).toEqual(['warning 9:13 steps[1].if: failure() is never true here: without `always: true` this step does not run after a failure (add always: true)']);
  });

  it('retry on an action that never marks a failure retryable; an expression in a title; a name that differs from the file', () => {
    const { runbook, found } = lint(`version: 1\nname: other\ntitle: "Run \${{ run.id }}"\nsteps:\n  - id: a\n    uses: test.note\n    with: { message: hi }\n    retry: { attempts: 3 }\n`, 'dir/rb.yaml');
    expect(runbook).toBeDefined();
    expect(found).toEqual([
      'warning 2:7 name: the runbook is named "other" but its file is rb.yaml: `kit run other` finds runbooks by file name (rename one)',
      'warning 3:8 title: title is shown as written: ${{ }} is not evaluated here',
      'warning 8:5 steps[0].retry: retry has no effect: action test.note never marks a failure as retryable',
    ]);
  });

  it('a computed step reference cannot be checked', () => {
    const { runbook, found } = lint(`${head}inputs:\n  which: { type: string, default: a }\nsteps:\n  - id: a\n    uses: test.note\n    with: { message: hi }\n  - id: b\n    uses: test.note\n    with: { message: "\${{ steps[inputs.which].outcome }}" }\n`);
    expect(runbook).toBeDefined();
    expect(found).toEqual(['warning 11:27 steps[1].with.message: a computed step reference cannot be checked by lint: prefer steps.<id>']);
  });
});

describe('errors', () => {
  it('a reference to a step of the same parallel group', () => {
    const { runbook, found } = lint(`${head}steps:\n  - id: a\n    uses: test.note\n    with: { message: hi }\n    parallel: g\n  - id: b\n    uses: test.note\n    parallel: g\n    with: { message: "\${{ steps.a.outputs.message }}" }\n`);
    expect(runbook).toBeUndefined();
    expect(found).toEqual(['error 11:33 steps[1].with.message: step "a" runs in parallel with this one (parallel: g), so its outputs are not ready: move it out of the group']);
  });

  it('expressions where they are not evaluated, and env variables that are not KIT_ or look secret', () => {
    const { found } = lint(`${head}steps:\n  - id: a\n    uses: "\${{ inputs.action }}"\n    timeout: "\${{ inputs.t }}"\n  - id: b\n    uses: test.note\n    with: { message: "\${{ env.KIT_VAULT_TOKEN }} \${{ env.KIT_OPERATOR }} \${{ run.user }}" }\n`);
    expect(found).toEqual([
      'error 5:11 steps[0].uses: uses is read as written: ${{ }} is evaluated only in with, if and continue-on-error',
      'error 6:14 steps[0].timeout: expected a duration such as 30s, 5m, 72h or 7d, got "${{ inputs.t }}"',
      'error 6:14 steps[0].timeout: timeout is read as written: ${{ }} is evaluated only in with, if and continue-on-error',
      'error 9:31 steps[1].with.message: env.KIT_VAULT_TOKEN is named like a secret, and such variables are kept out of expressions: declare an input of type secret instead',
      'error 9:82 steps[1].with.message: run has id, dryRun, startedAt; "user" is none of them',
    ]);
  });

  it('input declarations: a default of the wrong type or outside the options, options on a number', () => {
    const { found } = lint(`${head}inputs:\n  side: { type: string, options: [buy, sell], default: hold }\n  n: { type: number, options: [one] }\n  when: { type: duration, default: soon }\nsteps:\n  - id: a\n    uses: test.note\n    with: { message: "\${{ inputs.side }} \${{ inputs.n }} \${{ inputs.when }}" }\n`);
    expect(found).toEqual([
      'error 4:56 inputs.side.default: the default must be one of buy, sell (got "hold")',
      'error 5:22 inputs.n.options: options apply to string and list inputs only (this input is a number)',
      'error 6:36 inputs.when.default: the default must be a duration such as 30s, 5m, 72h or 7d (got "soon")',
    ]);
  });

  it('a condition that is empty or never closed; continue-on-error checked like a condition', () => {
    const { found } = lint(`${head}steps:\n  - id: a\n    uses: test.note\n    if: "\${{ inputs.x"\n    with: { message: hi }\n  - id: b\n    uses: test.note\n    continue-on-error: \${{ steps.b.outcome == 'failure' }}\n    with: { message: hi }\n`);
    expect(found).toEqual([
      'error 6:10 steps[0].if: "${{" is never closed: add "}}" at the end of the expression',
      'error 10:34 steps[1].continue-on-error: a step cannot use its own outputs or outcome ("b" is this step)',
    ]);
  });

  it('an empty document and a document that is not a mapping', () => {
    expect(lint('').found).toEqual(['error 1:1 : the document is empty (expected a mapping of runbook fields)']);
    expect(lint('- just\n- a list\n').found).toEqual(['error 1:1 : expected a mapping, got a list']);
    expect(lint(`${head}steps: []\n`).found).toEqual(['error 3:8 steps: a runbook needs at least one step, got a list']);
    expect(lint('version: 2\nname: rb\nsteps:\n  - id: a\n    uses: test.note\n    with: { message: hi }\n').found).toEqual(['error 1:10 version: expected version: 1 (the only runbook format version), got 2']);
    expect(lint('name: rb\nsteps:\n  - uses: test.note\n    with: { message: hi }\n').found).toEqual([
      'error 1:1 version: missing required field "version": expected version: 1 (the only runbook format version)',
      'error 3:5 steps[0].id: missing required field "id" (expected string)',
    ]);
  });

  it('schema messages say what is expected and what the file holds', () => {
    expect(lint(`${head}steps:\n  - id: a\n    uses: test.note\n    with: []\n    if: 5\n    continue-on-error: yes\n    retry: { attempts: 2, backoff: linear }\n`).found).toEqual([
      'error 6:5 steps[0].with.message: missing required input "message" for action test.note: add it under with:',
      'error 6:11 steps[0].with: expected a mapping, got a list',
      'error 7:9 steps[0].if: expected string or boolean, got 5',
      'error 8:24 steps[0].continue-on-error: expected true, false or a ${{ }} expression, got "yes"',
      'warning 9:5 steps[0].retry: retry has no effect: action test.note never marks a failure as retryable',
      'error 9:36 steps[0].retry.backoff: expected fixed, exponential, or a growth factor from 1 to 10, got "linear"',
    ]);
    expect(lint(`${head}inputs:\n  "bad name": {}\nsteps: {}\n`).found).toEqual([
      'error 4:3 inputs.bad name: invalid name "bad name": expected an input name of letters, digits, _ and - that starts with a letter or _',
      'error 5:8 steps: expected a list, got a mapping',
    ]);
  });
});
