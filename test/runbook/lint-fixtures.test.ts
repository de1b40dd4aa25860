// Every broken runbook in test/fixtures/runbooks/ reports every one of its problems, each at
// its exact line:col with its field path, and nothing else.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';
import { registerTestActions } from '../helpers/test-actions.js';

const dir = 'test/fixtures/runbooks';

function lint(name: string) {
  const file = `${dir}/${name}`;
  return loadRunbookText(readFileSync(file, 'utf8'), file);
}

/** [severity, line:col, path, a piece of the message]. */
type Expected = [('error' | 'warning'), string, string, string | RegExp];

function expectProblems(name: string, expected: Expected[]): void {
  const { runbook, problems } = lint(name);
  expect(runbook).toBeUndefined();
  expect(problems.map((p) => [p.severity, `${p.line}:${p.col}`, p.path])).toEqual(expected.map(([s, at, path]) => [s, at, path]));
  problems.forEach((p, i) => {
    expect(p.file).toBe(`${dir}/${name}`);
    const wanted = expected[i][3];
    if (typeof wanted === 'string') expect(p.message).toContain(wanted);
    else expect(p.message).toMatch(wanted);
  });
}

beforeAll(() => registerTestActions());

describe('runbook lint over broken fixtures', () => {
  it('accepts the valid runbook, with its model, source and hash', () => {
    const { runbook, problems } = lint('valid.yaml');
    expect(problems).toEqual([]);
    expect(runbook?.runbook.steps.map((s) => s.id)).toEqual(['cancel-orders', 'activity', 'activity-again', 'note', 'notify']);
    expect(runbook?.runbook.inputs.since).toEqual({ type: 'duration', default: '72h', required: false });
    expect(runbook?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runbook?.source).toBe(readFileSync(`${dir}/valid.yaml`, 'utf8'));
  });

  it('bad YAML: points at the quoted string that is never closed, not at the end of the file', () => {
    expectProblems('bad-yaml.yaml', [['error', '6:22', 'steps[0].with.message', 'never closed: add the closing "']]);
  });

  it('a tab: points at the tab, without the parser noise it causes', () => {
    expectProblems('tab.yaml', [['error', '5:1', '', 'a tab is used for indentation']]);
  });

  it('duplicate keys: each repeated key, with its path', () => {
    expectProblems('duplicate-keys.yaml', [
      ['error', '8:7', 'steps[0].with.message', 'duplicate key "message"'],
      ['error', '9:5', 'steps[0].uses', 'duplicate key "uses"'],
    ]);
  });

  it('unknown keys: at the key, with a suggestion and the allowed keys', () => {
    expectProblems('unknown-key.yaml', [
      ['error', '7:5', 'steps[0].retries', /unknown key "retries" \(did you mean "retry"\?\); allowed here: id, title, uses, with, if, retry, timeout/],
      ['error', '8:5', 'steps[0].timout', 'unknown key "timout" (did you mean "timeout"?)'],
    ]);
  });

  it('wrong types: what was expected and what the file holds', () => {
    expectProblems('wrong-type.yaml', [
      ['error', '4:35', 'inputs.limit.default', 'the default must be a number (got "lots")'],
      ['error', '9:24', 'steps[0].retry.attempts', 'expected number, got "three"'],
      ['error', '10:13', 'steps[0].always', 'expected boolean, got "yes"'],
      ['error', '11:14', 'steps[0].timeout', 'expected a duration such as 30s, 5m, 72h or 7d, got "5 minutes"'],
    ]);
  });

  it('an unknown action: at `uses`, with the closest known name', () => {
    expectProblems('unknown-action.yaml', [['error', '5:11', 'steps[0].uses', 'unknown action "test.cancel-order" (did you mean "test.cancel-orders"?); known actions:']]);
  });

  it('bad expressions: at the offending token inside the expression', () => {
    expectProblems('bad-expression.yaml', [
      ['error', '9:52', 'steps[0].with.message', `bad expression: unexpected "binance": strings in expressions use single quotes`],
      ['error', '12:9', 'steps[1].if', 'the condition mixes text and ${{ }}, so it would always be true'],
      ['error', '13:43', 'steps[1].with.message', 'bad expression: the expression ends too early'],
      ['error', '16:27', 'steps[2].with.message', 'unknown context "secrets"'],
      ['error', '16:55', 'steps[2].with.message', 'unknown input "exchnage" (did you mean "exchange"?)'],
      ['error', '16:75', 'steps[2].with.message', 'only KIT_ environment variables are visible'],
      ['error', '16:105', 'steps[2].with.message', 'unknown function constructor()'],
    ]);
  });

  it('forward and self references, unknown steps and step fields', () => {
    expectProblems('forward-reference.yaml', [
      ['error', '6:43', 'steps[0].with.message', 'step "cancel" runs later (steps[1]): a step can only use the outputs of earlier steps'],
      ['error', '9:15', 'steps[1].if', 'a step cannot use its own outputs or outcome'],
      ['error', '13:40', 'steps[2].with.message', 'a step has "outputs" and "outcome"; "output" is neither (did you mean "outputs"?)'],
      ['error', '13:70', 'steps[2].with.message', 'no step has id "nope"'],
    ]);
  });

  it('a duplicate step id: at the second one, naming the first', () => {
    expectProblems('duplicate-id.yaml', [['error', '10:9', 'steps[2].id', 'duplicate step id "cancel": steps[0] (line 4) already has it']]);
  });

  it('literal `with` values checked against the action schema, required inputs, secrets', () => {
    expectProblems('bad-with.yaml', [
      ['error', '6:5', 'steps[0].with.exchange', 'missing required input "exchange" for action test.cancel-orders'],
      ['error', '6:19', 'steps[0].with.side', 'expected "buy" | "sell", got "hold"'],
      ['error', '6:32', 'steps[0].with.limit', 'expected number to be >=1, got 0'],
      ['error', '6:35', 'steps[0].with.acount', 'unknown input "acount" for action test.cancel-orders (did you mean "account"?)'],
      ['error', '10:11', 'steps[1].with.to', 'expected an e-mail address, got "not-an-address"'],
      ['error', '12:17', 'steps[1].with.password', '"password" is a secret: never write it in a runbook'],
      ['error', '14:11', 'steps[2].with.exchange', 'missing required input "exchange" for action test.read-activity'],
      ['error', '14:11', 'steps[2].with.since', 'missing required input "since"'],
    ]);
    // The secret written in the file is never echoed back.
    expect(JSON.stringify(lint('bad-with.yaml').problems)).not.toContain('hunter2hunter2');
  });

  it('several errors in one file: all of them, in file order', () => {
    expectProblems('several-errors.yaml', [
      ['error', '5:29', 'inputs.password.default', 'a secret input cannot have a default'],
      ['error', '9:55', 'steps[0].with.side', 'expected "buy" | "sell", got "hold"'],
      ['error', '10:5', 'steps[0].colour', 'unknown key "colour"'],
      ['error', '11:9', 'steps[1].id', 'duplicate step id "cancel"'],
      ['error', '12:11', 'steps[1].uses', 'unknown action "test.explode"; known actions:'],
      ['error', '15:33', 'steps[2].with.message', 'step "later" runs later (steps[3])'],
      ['error', '15:76', 'steps[2].with.message', 'the expression ends too early'],
      ['error', '18:22', 'steps[3].with.message', 'expected string, got 7'],
    ]);
    expect(JSON.stringify(lint('several-errors.yaml').problems)).not.toContain('letmein123');
  });
});
