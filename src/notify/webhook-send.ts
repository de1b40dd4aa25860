// POSTs a webhook body, retrying transient failures: a network error or timeout, HTTP 408, 429
// (honouring Retry-After, or the retry_after that Telegram and Discord put in the body) and 5xx,
// with exponential backoff otherwise. Any other 4xx is permanent: the error says what the service
// answered and what to check. Every message passes through the redactor, and URLs are printed
// with their tokens masked.
import { ActionError } from '../actions/types.js';
import { redact } from '../secrets/redact.js';
import { describeUrl } from './url-secrets.js';

export interface SendOptions {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the step fails (retryable) instead. */
  maxWaitMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Waits; tests pass one that records the delays. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The service's name for messages, e.g. "slack webhook". */
  service: string;
}

export interface SendResult {
  status: number;
  attempts: number;
  /** The delays waited between attempts (ms). */
  waited: number[];
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds or an HTTP date in Retry-After; `retry_after` (seconds) in a Telegram or Discord body. */
export function retryAfterMs(header: string | null, body: string, now = Date.now()): number | undefined {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  try {
    const json = JSON.parse(body) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const seconds = Number(json.parameters?.retry_after ?? json.retry_after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  } catch {
    // Not JSON: no hint in the body.
  }
  return undefined;
}

const HINTS: Record<number, string> = {
  400: 'The service rejected the message as malformed; check chat-id and format, and report a bug in kit if they are right.',
  401: 'The token is wrong or was revoked: create a new webhook or bot token.',
  403: 'The token may not post here (revoked, or the bot is not in the chat).',
  404: 'The webhook URL does not exist (deleted, or mistyped): create a new one.',
  410: 'The webhook or channel was removed.',
  413: 'The message is too large for the service.',
};

async function bodySnippet(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return redact(text.replace(/\s+/g, ' ').trim()).slice(0, 300);
}

export async function postWebhook(url: string, body: unknown, options: SendOptions): Promise<SendResult> {
  const sleep = options.sleep ?? sleepFor;
  const where = `${options.service} ${describeUrl(url)}`;
  const waited: number[] = [];
  let lastProblem = '';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    let wait: number | undefined;
    try {
      const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'kit-incident-response' },
        body: JSON.stringify(body),
        // A webhook never legitimately redirects; following one could send the message elsewhere.
        redirect: 'manual',
        signal: AbortSignal.any(signals),
      });
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel();
        return { status: response.status, attempts: attempt, waited };
      }
      const snippet = await bodySnippet(response);
      const transient = response.status === 408 || response.status === 429 || response.status >= 500;
      if (!transient) {
        const redirected = response.status >= 300 && response.status < 400;
        throw new ActionError(redact(`${where} refused the message: HTTP ${response.status}${snippet ? ` (${snippet})` : ''}`), {
          retryable: false,
          hint: redirected ? 'The URL redirects; use the final webhook URL the service gave you.' : HINTS[response.status] ?? 'Check the webhook URL and token.',
        });
      }
      lastProblem = `HTTP ${response.status}${snippet ? ` (${snippet})` : ''}`;
      wait = retryAfterMs(response.headers.get('retry-after'), snippet);
      if (wait !== undefined && wait > options.maxWaitMs) {
        throw new ActionError(redact(`${where} asked kit to wait ${Math.ceil(wait / 1000)} s before retrying (${lastProblem}), longer than the ${Math.ceil(options.maxWaitMs / 1000)} s allowed`), {
          retryable: true, hint: 'Run the step again later (kit resume), or raise max-wait.',
        });
      }
    } catch (error) {
      if (error instanceof ActionError) throw error;
      if (options.signal?.aborted) throw error;
      const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
      lastProblem = e.name === 'TimeoutError' ? `no answer within ${Math.round(options.timeoutMs / 1000)} s` : `${e.cause?.code ?? e.name ?? 'error'}: ${e.cause?.message ?? e.message ?? String(error)}`;
    }
    if (attempt === options.attempts) break;
    const delay = wait ?? Math.min(options.baseDelayMs * 2 ** (attempt - 1), options.maxWaitMs);
    waited.push(delay);
    await sleep(delay, options.signal);
  }
  throw new ActionError(redact(`${where} failed ${options.attempts} time${options.attempts === 1 ? '' : 's'}; last: ${lastProblem}`), {
    retryable: true,
    hint: 'The service or the network is having trouble; the step\'s retry setting or kit resume tries again.',
  });
}
