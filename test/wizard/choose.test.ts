// Which questions the wizard asks: only those the flags left open and whose answer can matter,
// in order, through the prompter (a scripted one here; the terminal test drives the real one).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNonInteractivePrompter } from '../../src/engine/prompter.js';
import { chooseIncident, type ChooseEnvironment } from '../../src/wizard/choose.js';
import type { WizardFlags } from '../../src/wizard/flags.js';
import { QUESTIONS } from '../../src/wizard/questions.js';
import { scriptedPrompter } from '../engine/helpers.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'kc-fixture.yaml');
const NOW = Date.UTC(2026, 2, 7, 12);
const CONTAIN_ONLY = `version: 1
name: contain-fixture
title: Contain only
inputs:
  exchange: { type: string, required: true }
  account: { type: string, default: main }
steps:
  - id: cancel
    uses: exchange.cancel-all-orders
    with: { exchange: "\${{ inputs.exchange }}", account: "\${{ inputs.account }}" }
`;

function flags(partial: Partial<WizardFlags> = {}): WizardFlags {
  return { input: [], yes: false, dryRun: false, ...partial };
}

describe('chooseIncident', () => {
  let root: string;
  let where: ChooseEnvironment;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-choose-'));
    const envFile = path.join(root, '.env');
    await fs.writeFile(envFile, ['BINANCE_MAIN_API_KEY=k1', 'BINANCE_MAIN_SECRET=s1', 'BINANCE_READER_API_KEY=k2', 'BINANCE_READER_SECRET=s2', 'BYBIT_API_KEY=k3', 'BYBIT_SECRET=s3'].join('\n'));
    await fs.mkdir(path.join(root, 'home', 'runbooks'), { recursive: true });
    await fs.copyFile(FIXTURE, path.join(root, 'home', 'runbooks', 'kc-fixture.yaml'));
    await fs.writeFile(path.join(root, 'home', 'runbooks', 'contain-fixture.yaml'), CONTAIN_ONLY);
    where = { kitHome: path.join(root, 'home'), env: { KIT_ENV_FILE: envFile }, warn: () => {} };
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('asks nothing the flags answered', async () => {
    const prompter = scriptedPrompter([]);
    const chosen = await chooseIncident(where, flags({ accounts: 'binance/main', since: '3h', runbook: FIXTURE, reader: 'binance/reader' }), prompter, NOW);
    expect(prompter.asked).toEqual([]);
    expect(chosen).toMatchObject({ accounts: [{ exchange: 'binance', account: 'main' }], start: { duration: '3h' }, readers: [{ exchange: 'binance', account: 'reader' }] });
    expect(chosen.loaded.runbook.name).toBe('kc-fixture');
  });

  it('asks the accounts, when it started, and the read-only key, in that order', async () => {
    const prompter = scriptedPrompter([['binance/main'], 'yesterday 11:00', 'binance/reader']);
    const chosen = await chooseIncident(where, flags({ runbook: FIXTURE }), prompter, NOW);
    expect(prompter.asked).toEqual([QUESTIONS.accounts, QUESTIONS.since, QUESTIONS.reader]);
    expect(chosen.start?.at).toBe(new Date(new Date(NOW).setDate(new Date(NOW).getDate() - 1)).setHours(11, 0, 0, 0));
    expect(chosen.readers).toEqual([{ exchange: 'binance', account: 'reader' }]);
  });

  it('skips the questions whose answer cannot matter', async () => {
    // No other account on Bybit to read with; a runbook that takes no start time.
    const prompter = scriptedPrompter([['bybit/main']]);
    const chosen = await chooseIncident(where, flags({ runbook: 'contain-fixture' }), prompter, NOW);
    expect(prompter.asked).toEqual([QUESTIONS.accounts]);
    expect(chosen).toMatchObject({ accounts: [{ exchange: 'bybit', account: 'main' }], readers: [] });
    expect(chosen.start).toBeUndefined();
  });

  it('asks which runbook when more than one fits', async () => {
    const prompter = scriptedPrompter(['contain-fixture']);
    const chosen = await chooseIncident(where, flags({ accounts: 'bybit/main', since: '1h' }), prompter, NOW);
    expect(prompter.asked).toEqual([QUESTIONS.runbook]);
    expect(chosen.loaded.runbook.name).toBe('contain-fixture');
  });

  it('without a person, takes the defaults and never asks', async () => {
    const chosen = await chooseIncident(where, flags({ accounts: 'binance/main' }), createNonInteractivePrompter(), NOW);
    expect(chosen.readers).toEqual([]);
    expect(chosen.start).toBeUndefined();
  });

  it('checks every flag before the first question', async () => {
    const prompter = scriptedPrompter([]);
    await expect(chooseIncident(where, flags({ since: 'next week' }), prompter, NOW)).rejects.toThrow(/--since next week/);
    await expect(chooseIncident(where, flags({ reader: 'okx/reader' }), prompter, NOW)).rejects.toThrow(/okx\/reader is not in the credential store/);
    await expect(chooseIncident(where, flags({ runbook: 'nope' }), prompter, NOW)).rejects.toThrow(/unknown runbook "nope"/);
    expect(prompter.asked).toEqual([]);
  });

  it('asks for a read-only key only when the runbook default finds none', async () => {
    // key-compromise reads with <account>_readonly when one is stored.
    const asked = scriptedPrompter([['binance/main'], '3h', ['binance/reader']]);
    const chosen = await chooseIncident(where, flags({ runbook: 'key-compromise' }), asked, NOW);
    expect(asked.asked).toEqual([QUESTIONS.accounts, QUESTIONS.since, QUESTIONS.reader]);
    expect(chosen.readers).toEqual([{ exchange: 'binance', account: 'reader' }]);

    await fs.appendFile(where.env!.KIT_ENV_FILE!, '\nBINANCE_MAIN_READONLY_API_KEY=k4\nBINANCE_MAIN_READONLY_SECRET=s4\n');
    const notAsked = scriptedPrompter([['binance/main'], '3h']);
    expect((await chooseIncident(where, flags({ runbook: 'key-compromise' }), notAsked, NOW)).readers).toEqual([]);
    expect(notAsked.asked).toEqual([QUESTIONS.accounts, QUESTIONS.since]);
  });
});
