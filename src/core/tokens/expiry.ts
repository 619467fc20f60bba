/**
 * When a held token expires: `expires_at` (from `expires_in` at receipt), else the access
 * token's own `exp` when it is a JWT. Never NaN: an unusable value reads as unknown.
 */
import { decodeJwt } from '../crypto/jwt-decode';
import type { TokenSet } from '../types';

/** Largest expiry accepted as real: year 9999. */
const MAX_EPOCH_SECONDS = 253402300799;

/** True for a finite epoch-seconds value a Date can represent. */
export function isValidEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_EPOCH_SECONDS;
}

/** Epoch seconds at which the access token expires, or undefined when unknown. */
export function tokenExpiry(tokens: TokenSet): number | undefined {
  if (isValidEpochSeconds(tokens.expires_at)) return tokens.expires_at;
  try {
    const exp = decodeJwt(tokens.access_token).claims.exp;
    return isValidEpochSeconds(exp) ? exp : undefined;
  } catch {
    return undefined; // opaque token
  }
}
