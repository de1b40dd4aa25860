// The inquirer prompter against inquirer's own test screen: what the person sees, what their
// keys answer, and Ctrl-C inside a prompt becoming an interrupt of the run.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { createInquirerPrompter } from '../../src/engine/prompter.js';
import { InterruptedError } from '../../src/errors.js';

describe('inquirer prompter', () => {
  it('asks a select with readable names and returns the chosen value', async () => {
    const prompter = createInquirerPrompter();
    const answer = prompter.select('Delete the key. Is it done?', [
      { value: 'done', name: 'Yes, it is done' },
      { value: 'not-yet', name: 'Not yet' },
    ]);
    await screen.next();
    expect(screen.getScreen()).toContain('Delete the key. Is it done?');
    expect(screen.getScreen()).toContain('Yes, it is done');
    screen.keypress('down');
    screen.keypress('enter');
    expect(await answer).toBe('not-yet');
  });

  it('confirms "no" by default: Enter alone never approves a step', async () => {
    const prompter = createInquirerPrompter();
    const answer = prompter.confirm('Run step "Revoke the key"?');
    await screen.next();
    screen.keypress('enter');
    expect(await answer).toBe(false);
  });

  it('turns Ctrl-C in a prompt into an interrupt of the run', async () => {
    const prompter = createInquirerPrompter();
    const answer = prompter.confirm('Run step "Revoke the key"?');
    await screen.next();
    screen.keypress({ name: 'c', ctrl: true });
    await expect(answer).rejects.toBeInstanceOf(InterruptedError);
  });
});
