/**
 * Bounded retries on 429/503 honouring `Retry-After` (seconds or an HTTP date),
 * SECURITY.md item 11. The caller re-prepares every attempt (fresh assertion).
 */
import type { HttpResponseRecord } from '../types';

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_DELAY_MS = 10_000;
/** Wait when a 429/503 carries no usable Retry-After. */
export const DEFAULT_BACKOFF_MS = 1_000;

/** Parses `Retry-After` into milliseconds from `nowMs`; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * How long to wait before the next attempt, or undefined to stop: only for 429/503,
 * at most `maxRetries` retries, and never when the server asks for longer than
 * `maxDelayMs` (retrying earlier than asked would just fail again).
 */
export function retryDelay(
  response: HttpResponseRecord,
  retriesDone: number,
  o: { maxRetries?: number; maxDelayMs?: number } = {},
  nowMs: number = Date.now(),
): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  if (retriesDone >= (o.maxRetries ?? DEFAULT_MAX_RETRIES)) return undefined;
  const asked = parseRetryAfter(response.headers['retry-after'], nowMs) ?? DEFAULT_BACKOFF_MS;
  if (asked > (o.maxDelayMs ?? DEFAULT_MAX_DELAY_MS)) return undefined;
  return asked;
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const reason = (): Error => (signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(reason());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(reason());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
