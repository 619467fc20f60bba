/**
 * How a token's expiry is shown (status bar, tree, tooltips). Pure display logic with
 * no `vscode` import, so it is unit-tested in plain node. SECURITY.md 17: never NaN,
 * never a negative time — a missing or invalid expiry reads "unknown", a past one
 * "expired".
 */

import { isValidEpochSeconds } from '../../core/tokens/expiry';

/** True for a finite epoch-seconds value a Date can represent (the core's one definition). */
export { isValidEpochSeconds };

/** `none`: no token; `unknown`: token without a usable expiry; `expired`; `valid`. */
export type ExpiryState = 'none' | 'unknown' | 'expired' | 'valid';

export interface ExpiryView {
  state: ExpiryState;
  /** Short form for the status bar: `42m`, `1h 05m`, `3d 4h`, `<1m`, `expired`, `unknown`, `no token`. */
  short: string;
  /** Sentence form for the tree: `expires in 42m`, `expired`, `expiry unknown`, `no token`. */
  description: string;
  /** Whole seconds left; only for `valid`. */
  remainingSeconds?: number;
  /** True when valid and strictly under the warning threshold. */
  warning: boolean;
}

/**
 * Formats a non-negative duration compactly: `<1m`, `42m`, `1h 05m`, `3d 4h`, `2y 40d`.
 * Rounds down so a display never promises more time than is left.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return '<1m';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  const days = Math.floor(hours / 24);
  if (days < 365) return `${days}d ${hours % 24}h`;
  return `${Math.floor(days / 365)}y ${days % 365}d`;
}

/**
 * Describes a token's expiry at `nowSeconds`.
 * @param hasToken false when there is no token at all.
 * @param expiresAt epoch seconds, or anything else when unknown.
 * @param warningThresholdMinutes below this many minutes left, `warning` is true.
 */
export function describeExpiry(hasToken: boolean, expiresAt: unknown, nowSeconds: number, warningThresholdMinutes = 5): ExpiryView {
  if (!hasToken) return { state: 'none', short: 'no token', description: 'no token', warning: false };
  if (!isValidEpochSeconds(expiresAt) || !Number.isFinite(nowSeconds)) {
    return { state: 'unknown', short: 'unknown', description: 'expiry unknown', warning: false };
  }
  const remaining = expiresAt - nowSeconds;
  if (remaining <= 0) return { state: 'expired', short: 'expired', description: 'expired', warning: false };
  const short = formatDuration(remaining);
  const threshold = Number.isFinite(warningThresholdMinutes) && warningThresholdMinutes > 0 ? warningThresholdMinutes * 60 : 0;
  return {
    state: 'valid',
    short,
    description: `expires in ${short}`,
    remainingSeconds: Math.floor(remaining),
    warning: remaining < threshold,
  };
}

/**
 * Milliseconds until the displayed text of {@link describeExpiry} can next change
 * (a minute boundary of the remaining time, the warning threshold, or expiry), capped
 * at one minute so a display is never stale for longer than that.
 */
export function msUntilNextChange(expiresAt: unknown, nowMs: number, warningThresholdMinutes = 5): number {
  const minute = 60_000;
  if (!isValidEpochSeconds(expiresAt) || !Number.isFinite(nowMs)) return minute;
  const remainingMs = expiresAt * 1000 - nowMs;
  if (remainingMs <= 0) return minute;
  const candidates = [remainingMs % minute || minute, remainingMs];
  const thresholdMs = warningThresholdMinutes * minute;
  if (Number.isFinite(thresholdMs) && remainingMs > thresholdMs) candidates.push(remainingMs - thresholdMs);
  // +50 ms lands safely past the boundary instead of re-rendering the old value.
  return Math.min(minute, Math.max(250, Math.min(...candidates) + 50));
}

/** Exact expiry for tooltips: ISO 8601 UTC, or undefined when invalid. */
export function exactExpiry(expiresAt: unknown): string | undefined {
  return isValidEpochSeconds(expiresAt) ? new Date(expiresAt * 1000).toISOString() : undefined;
}
