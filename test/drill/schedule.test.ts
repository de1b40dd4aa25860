import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScheduleLog, runSchedule, type ScheduleEvent } from '../../src/drill/schedule.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kit drill schedule', () => {
  it('never overlaps runs: a due time while a drill runs is journaled as missed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-sched-'));
    const logFile = path.join(dir, 'schedule.jsonl');
    let concurrent = 0;
    let maxConcurrent = 0;
    const events: ScheduleEvent[] = [];
    const controller = new AbortController();
    // Every second, with a drill that takes 2.2 s: at least one due time falls inside a run.
    await runSchedule({
      cron: '* * * * * *',
      logFile,
      signal: controller.signal,
      maxRuns: 2,
      onEvent: (e) => events.push(e),
      runDrill: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(2200);
        concurrent--;
        return { passed: true, drillId: 'd1' };
      },
    });
    expect(maxConcurrent).toBe(1);
    const journaled = await readScheduleLog(logFile);
    expect(journaled.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(journaled.filter((e) => e.type === 'run.finished')).toHaveLength(2);
    expect(journaled.some((e) => e.type === 'run.missed' && /still running/.test(e.reason ?? ''))).toBe(true);
    expect(journaled.at(-1)?.type).toBe('scheduler.stopped');
  }, 20_000);

  it('reports due times missed while the scheduler was not running', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-sched-'));
    const logFile = path.join(dir, 'schedule.jsonl');
    const cron = '0 * * * *';
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000 - 60_000).toISOString();
    writeFileSync(logFile, JSON.stringify({ time: threeHoursAgo, cron, type: 'scheduler.stopped' }) + '\n');
    const controller = new AbortController();
    const events: ScheduleEvent[] = [];
    const done = runSchedule({ cron, logFile, signal: controller.signal, onEvent: (e) => events.push(e), runDrill: async () => ({ passed: true }) });
    await sleep(300);
    controller.abort();
    await done;
    const missed = events.filter((e) => e.type === 'run.missed');
    expect(missed.length).toBeGreaterThanOrEqual(3);
    expect(missed.every((e) => /not running/.test(e.reason ?? ''))).toBe(true);
    expect(events.some((e) => e.type === 'run.started')).toBe(false);
  });

  it('refuses an invalid cron expression with a usage error', async () => {
    const controller = new AbortController();
    await expect(runSchedule({ cron: 'every monday', logFile: path.join(os.tmpdir(), 'x.jsonl'), signal: controller.signal, onEvent: () => {}, runDrill: async () => ({ passed: true }) }))
      .rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('invalid cron expression') });
  });
});
