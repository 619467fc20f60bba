/**
 * The `use_dpop_nonce` challenge (RFC 9449 §8 at the authorization server: 400 with
 * `error: use_dpop_nonce`; §9 at a resource server: 401 with
 * `WWW-Authenticate: DPoP error="use_dpop_nonce"`), both with a `DPoP-Nonce` header.
 */
import { findChallenge, parseChallenges } from '../http/www-authenticate';
import type { HttpResponseRecord } from '../types';

/** The nonce to retry with, when `r` is a use_dpop_nonce challenge carrying one. */
export function nonceChallenge(r: HttpResponseRecord): { nonce: string; error: string } | undefined {
  const nonce = r.headers['dpop-nonce']?.trim();
  if (!nonce) return undefined;
  if (r.status === 400) {
    const json = r.json as { error?: unknown } | undefined;
    if (json && typeof json === 'object' && json.error === 'use_dpop_nonce') return { nonce, error: 'use_dpop_nonce' };
  }
  if (r.status === 401 && findChallenge(parseChallenges(r.headers['www-authenticate']), 'DPoP')?.params['error'] === 'use_dpop_nonce') {
    return { nonce, error: 'use_dpop_nonce' };
  }
  return undefined;
}
