/**
 * Keeping a token fresh, as pure decisions the shell and the CLI only carry out:
 * which grant renews a token set, when to renew it (before the warning threshold, with
 * back-off after failures), whether a token is fresh enough to hand out, and how a
 * token response merges with the set it renews.
 */
import type { Operation, TokenSet } from '../types';
import { tokenExpiry } from './expiry';

/** The grants that renew a token without a person: refresh, or the client's own grant again. */
export type RenewGrant = 'refresh_token' | 'client_credentials';

/**
 * How a token set can be renewed in the background: with its refresh token; else, for a
 * token the client got for itself (client_credentials), by running that grant again. A
 * user's token without a refresh token cannot be renewed without the user (undefined) —
 * running client_credentials instead would silently swap the user's token for the client's.
 */
export function renewGrant(tokens: TokenSet): RenewGrant | undefined {
  if (typeof tokens.refresh_token === 'string' && tokens.refresh_token !== '') return 'refresh_token';
  return tokens.obtained_by === 'client_credentials' ? 'client_credentials' : undefined;
}

/** Back-off after consecutive failures: 30 s, 1, 2, 4, 8 min, then every 15 min. */
export function backoffSeconds(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(30 * 2 ** (failures - 1), 15 * 60);
}

export interface RefreshInput {
  tokens: TokenSet;
  nowSeconds: number;
  /** The warning threshold (status bar), seconds: renew this long before expiry. */
  thresholdSeconds: number;
  /** Consecutive failed renewals, and when the last one failed (epoch seconds). */
  failures?: number;
  lastFailureAt?: number;
  /** When the last renewal succeeded (epoch seconds). */
  lastRenewedAt?: number;
}

/**
 * Renewals are never closer together than this: a server that issues tokens already
 * inside the lead (`expires_in: 0`, or a JWT whose `exp` a skewed clock reads as past)
 * would otherwise be asked again in a tight loop.
 */
export const MIN_RENEW_INTERVAL_SECONDS = 10;

/** When to renew, with which grant — or why the token is left alone. */
export type RefreshPlan = { grant: RenewGrant; atSeconds: number; due: boolean } | { grant: undefined; reason: string };

/**
 * The lead before expiry at which to renew: the threshold, but at most half the token's
 * lifetime (a 60 s test token with a 5 min threshold renews after 30 s, not at once), and
 * a tenth of it when the threshold is 0.
 */
export function renewLeadSeconds(tokens: TokenSet, expiresAt: number, thresholdSeconds: number): number {
  const lifetime = typeof tokens.received_at === 'number' && tokens.received_at < expiresAt ? expiresAt - tokens.received_at : undefined;
  if (lifetime === undefined) return Math.max(0, thresholdSeconds);
  if (thresholdSeconds <= 0) return lifetime / 10;
  return Math.min(thresholdSeconds, lifetime / 2);
}

/** Decides when (and how) to renew a token set. */
export function planRefresh(input: RefreshInput): RefreshPlan {
  const grant = renewGrant(input.tokens);
  if (!grant)
    return {
      grant: undefined,
      reason: 'it has no refresh token and was not obtained with client_credentials; get a new one interactively',
    };
  const expiresAt = tokenExpiry(input.tokens);
  if (expiresAt === undefined) return { grant: undefined, reason: 'its expiry is unknown' };
  let at = expiresAt - renewLeadSeconds(input.tokens, expiresAt, input.thresholdSeconds);
  const failures = input.failures ?? 0;
  if (failures > 0) at = Math.max(at, (input.lastFailureAt ?? input.nowSeconds) + backoffSeconds(failures));
  if (input.lastRenewedAt !== undefined) at = Math.max(at, input.lastRenewedAt + MIN_RENEW_INTERVAL_SECONDS);
  return { grant, atSeconds: at, due: at <= input.nowSeconds };
}

/**
 * True when the access token can be handed out as is: it expires more than
 * `minRemainingSeconds` from now — but, like {@link planRefresh}, at most half its lifetime
 * is asked for, so a token shorter-lived than twice the threshold is fresh until its
 * background renewal is due instead of never (which renewed it on every hand-out). 0: not
 * expired yet. Unknown expiry: trusted until the server says otherwise.
 */
export function isFresh(tokens: TokenSet, nowSeconds: number, minRemainingSeconds: number): boolean {
  const exp = tokenExpiry(tokens);
  if (exp === undefined) return true;
  const lead = minRemainingSeconds > 0 ? renewLeadSeconds(tokens, exp, minRemainingSeconds) : 0;
  return exp - nowSeconds > lead;
}

/**
 * The token set to keep after a token response. For `refresh_token` (RFC 6749 §6): a new
 * refresh token replaces the old one (rotation), an omitted one keeps the old one; an
 * omitted `scope` means the scope is unchanged (§5.1); an omitted `id_token` keeps the
 * previous one (OpenID Connect Core §12.2 lets a refresh response leave it out — the
 * identity did not change). Any other grant starts a new set. `obtained_by` records the
 * grant that first obtained the set, so a later renewal knows what it may run.
 */
export function mergeTokenResponse(previous: TokenSet | undefined, next: TokenSet, grant: Operation): TokenSet {
  if (grant !== 'refresh_token' || !previous) return { ...next, obtained_by: grant };
  const merged: TokenSet = { ...next };
  for (const k of ['refresh_token', 'scope', 'id_token'] as const) {
    if (merged[k] === undefined && previous[k] !== undefined) merged[k] = previous[k];
  }
  merged.obtained_by = previous.obtained_by ?? 'refresh_token';
  return merged;
}
