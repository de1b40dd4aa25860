// `kit drill schedule`: runs drills on a cron schedule in the foreground. Never two at once
// (croner's protect), every run journaled in $KIT_HOME/drills/schedule.jsonl, and a run that
// could not happen — the previous drill still running, or kit not running at the due time —
// is reported as missed rather than silently dropped or fired late in a burst.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface ScheduledRunResult {
  passed: boolean;
  drillId?: string;
  reportPath?: string;
}

export interface ScheduleEvent {
  time: string;
  cron: string;
  type: 'scheduler.started' | 'scheduler.stopped' | 'run.started' | 'run.finished' | 'run.error' | 'run.missed';
  due?: string;
  passed?: boolean;
  drillId?: string;
  reportPath?: string;
  durationMs?: number;
  reason?: string;
}

export interface ScheduleOptions {
  cron: string;
  timezone?: string;
  /** JSONL file the scheduler journals to. */
  logFile: string;
  runDrill: () => Promise<ScheduledRunResult>;
  /** Each event, for the terminal or --json. */
  onEvent: (event: ScheduleEvent) => void;
  /** Stops the scheduler (Ctrl-C); a running drill finishes first. */
  signal: AbortSignal;
  /** Stop after this many runs (tests, `--runs`). */
  maxRuns?: number;
}

async function appendEvent(file: string, event: ScheduleEvent): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a', 0o600);
  try {
    await handle.appendFile(JSON.stringify(event) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readScheduleLog(file: string): Promise<ScheduleEvent[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  const events: ScheduleEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as ScheduleEvent);
    } catch {
      // A torn last line after a crash: the events before it still count.
    }
  }
  return events;
}

export async function runSchedule(options: ScheduleOptions): Promise<void> {
  const { Cron } = await import('croner');
  let job: InstanceType<typeof Cron>;
  try {
    job = new Cron(options.cron, { timezone: options.timezone, paused: true });
  } catch (error) {
    throw new UsageError(`invalid cron expression "${options.cron}": ${(error as Error).message}`, {
      hint: 'Use five fields (minute hour day-of-month month day-of-week), e.g. --cron "0 9 * * 1" for Mondays at 09:00.',
    });
  }
  job.stop();

  const emit = async (event: Omit<ScheduleEvent, 'time' | 'cron'>): Promise<void> => {
    const full: ScheduleEvent = { time: new Date().toISOString(), cron: options.cron, ...event };
    await appendEvent(options.logFile, full);
    options.onEvent(full);
  };

  await reportMissedWhileStopped(options, emit);
  await emit({ type: 'scheduler.started', due: job.nextRun()?.toISOString() });

  let runs = 0;
  let running: Promise<void> | undefined;
  await new Promise<void>((resolve) => {
    const finish = async (): Promise<void> => {
      scheduled.stop();
      await running;
      await emit({ type: 'scheduler.stopped', reason: options.signal.aborted ? 'interrupted' : 'run limit reached' });
      resolve();
    };
    const scheduled = new Cron(options.cron, {
      timezone: options.timezone,
      protect: (blocked) => {
        void emit({ type: 'run.missed', due: blocked.currentRun()?.toISOString(), reason: 'the previous drill was still running' });
      },
    }, async (self) => {
      const due = self.currentRun()?.toISOString();
      const started = Date.now();
      running = (async () => {
        await emit({ type: 'run.started', due });
        try {
          const result = await options.runDrill();
          await emit({ type: 'run.finished', due, passed: result.passed, drillId: result.drillId, reportPath: result.reportPath, durationMs: Date.now() - started });
        } catch (error) {
          await emit({ type: 'run.error', due, reason: (error as Error).message, durationMs: Date.now() - started });
        }
      })();
      await running;
      runs++;
      if (options.maxRuns !== undefined && runs >= options.maxRuns) void finish();
    });
    if (options.signal.aborted) void finish();
    else options.signal.addEventListener('abort', () => void finish(), { once: true });
  });
}

/** A due time between the last time this schedule ran (or started) and now was missed. */
async function reportMissedWhileStopped(options: ScheduleOptions, emit: (e: Omit<ScheduleEvent, 'time' | 'cron'>) => Promise<void>): Promise<void> {
  const history = (await readScheduleLog(options.logFile)).filter((e) => e.cron === options.cron);
  const last = history.at(-1);
  if (!last) return;
  const { Cron } = await import('croner');
  const probe = new Cron(options.cron, { timezone: options.timezone, paused: true });
  const since = new Date(last.time);
  const missed: string[] = [];
  let next = probe.nextRun(since);
  while (next && next.getTime() < Date.now() && missed.length < 1000) {
    missed.push(next.toISOString());
    next = probe.nextRun(next);
  }
  probe.stop();
  for (const due of missed.slice(-10)) {
    await emit({ type: 'run.missed', due, reason: 'kit drill schedule was not running at the due time' });
  }
  if (missed.length > 10) await emit({ type: 'run.missed', reason: `${missed.length - 10} earlier due times were missed as well` });
}
