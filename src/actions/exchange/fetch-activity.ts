// exchange.fetch-activity (read): the complete activity sweep into the evidence folder, then the
// activity bundle that detection reads. Resumable: a resumed step continues the same sweep.
import path from 'node:path';
import { z } from 'zod';
import type { ActionContext, ActionDefinition } from '../types.js';
import { chooseReader, readFailure, type Reader } from './reader.js';
import { accountObject, accountLabel, exchangeStep, evidenceFolder, openExchange, resolveSince, sinceInput } from './common.js';
import { parseDuration } from '../../runbook/duration.js';

const input = accountObject({
  /** When the trouble may have started: a duration before now (72h), an ISO time or epoch ms. */
  since: sinceInput.default('72h'),
  /** How much normal activity before `since` to sweep as the baseline. */
  baseline: z.string().default('7d'),
  /** Symbols the operator trades (swept early). */
  baselineSymbols: z.array(z.string()).default([]),
  concurrency: z.number().int().min(1).max(12).default(8),
  /**
   * Whose key reads the history (a read-only key, once the leaked one is revoked): a stored
   * account of the same exchange, or a list of entries (`binance/main=main_ro`, `binance/ro`,
   * `{account}_readonly`), see ./reader.ts. Empty or absent: the account's own key.
   */
  reader: z.union([z.string(), z.array(z.string())]).optional(),
});
type Input = z.infer<typeof input>;

export interface FetchActivityOutputs extends Record<string, unknown> {
  /** Relative to the incident folder. */
  bundlePath: string;
  trades: number;
  orders: number;
  deposits: number;
  withdrawals: number;
  ledger: number;
  gaps: number;
  requests: number;
}

const FILES = ['trades.jsonl', 'orders.jsonl', 'deposits.jsonl', 'withdrawals.jsonl', 'ledger.jsonl', 'bundle.json'];

export const fetchActivityAction: ActionDefinition<Input, FetchActivityOutputs> = {
  name: 'exchange.fetch-activity',
  description: 'Sweep trades, orders, deposits and withdrawals since a time, complete and resumable, into the evidence folder and one activity bundle.',
  effect: 'read',
  input,
  describe: (i) => `sweep all activity of ${accountLabel(i)} since ${String(i.since ?? '72h')} (baseline ${i.baseline ?? '7d'})${i.reader && i.reader.length > 0 ? `, read with ${String(i.reader)}` : ''}`,
  async run(ctx, params) {
    const reader = await chooseReader(ctx, params, params.reader);
    try {
      return await sweep(ctx, params, reader);
    } catch (error) {
      throw await readFailure(error, params, reader);
    }
  },
};

async function sweep(ctx: ActionContext, params: Input, reader: Reader): Promise<FetchActivityOutputs> {
  return exchangeStep(ctx, params, async () => {
    if (reader.notFound) ctx.log(`no ${params.exchange}/${reader.notFound} stored: reading with the account's own key`);
    else if (!reader.own) ctx.log(`reading the history of ${params.exchange}/${params.account} with the key of ${params.exchange}/${reader.account}`);
    const { exchange } = await openExchange(ctx, { exchange: params.exchange, account: reader.account }, { own: true });
    const { sweepActivity } = await import('../../exchange/sweep/index.js');
    const folder = evidenceFolder(params);
    const dir = path.dirname(ctx.evidence.pathOf(`${folder}/bundle.json`));
    let lastLog = 0;
    const result = await sweepActivity(exchange, {
      exchange: params.exchange,
      account: params.account,
      since: resolveSince(params.since, Date.now()),
      baselineMs: parseDuration(params.baseline),
      evidenceDir: dir,
      baselineSymbols: params.baselineSymbols,
      concurrency: params.concurrency,
      signal: ctx.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastLog < 2000 && p.phase !== 'done') return;
        lastLog = now;
        ctx.log(`${p.phase}: symbols ${p.symbolsDone}/${p.symbolsTotal}, ${p.records} records, ${p.requests} requests, weight ${p.weightUsed}`);
      },
    });
    for (const file of FILES) {
      try {
        await ctx.evidence.record(`${folder}/${file}`);
      } catch {
        // A kind with no records has no file.
      }
    }
    if (result.gaps.length > 0) ctx.log(`not collected: ${result.gaps.map((g) => `${g.what} (${g.reason})`).join('; ')}`);
    return {
      bundlePath: path.relative(ctx.incidentDir, result.bundlePath),
      ...result.counts,
      gaps: result.gaps.length,
      requests: result.requests,
    };
  });
}
