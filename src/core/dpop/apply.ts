/**
 * Puts the access token and the DPoP proof on a prepared request: a token endpoint
 * request of a DPoP client gets a fresh proof (with the server's latest nonce); a
 * request presenting an access token gets `Authorization: Bearer <token>`, or for a
 * DPoP-bound token `Authorization: DPoP <token>` and a proof carrying `ath`.
 */
import type { CallContext } from '../client-auth';
import type { DecodedJwt, HttpRequestRecord, Param } from '../types';
import { dpopActive, loadDpopKey } from './mode';
import { createDpopProof, dpopJkt } from './proof';

/** What a request presents besides client authentication. */
export interface PresentedToken {
  token: string;
  /** The token response's `token_type`; `DPoP` (any case) makes it a DPoP-bound token. */
  tokenType?: string;
}

/** True for a `token_type` of DPoP (RFC 9449 §5: case-insensitive). */
export function isDpopTokenType(tokenType: string | undefined): boolean {
  return (tokenType ?? '').toLowerCase() === 'dpop';
}

/**
 * Adds the `Authorization` header for `token` and, when DPoP applies, a `DPoP` header
 * with a freshly signed proof. `proofAtTokenEndpoint`: the request goes to the token
 * endpoint (every grant, refresh, device poll, code redemption).
 * @throws ConfigError CONFIG_MISSING_SECRET (no DPoP key); KeyError
 */
export async function applyTokenAndDpop(
  ctx: CallContext,
  request: HttpRequestRecord,
  o: { token?: PresentedToken; proofAtTokenEndpoint: boolean },
): Promise<{ request: HttpRequestRecord; dpop?: { jkt: string; proof: DecodedJwt } }> {
  const dpopToken = o.token !== undefined && isDpopTokenType(o.token.tokenType);
  let headers: Param[] = request.headers.filter((h) => h.name.toLowerCase() !== 'dpop');
  if (o.token) {
    headers = headers.filter((h) => h.name.toLowerCase() !== 'authorization');
    headers.push({ name: 'authorization', value: `${dpopToken ? 'DPoP' : 'Bearer'} ${o.token.token}`, secret: true });
  }
  const proofNeeded = dpopToken || (o.proofAtTokenEndpoint && dpopActive(ctx.profile, ctx.metadata));
  if (!proofNeeded) return { request: { ...request, headers } };
  const key = await loadDpopKey(ctx);
  const nonce = ctx.dpopNonces?.get(request.url);
  const { jwt, decoded } = await createDpopProof({
    key,
    ...(ctx.profile.dpopAlg ? { alg: ctx.profile.dpopAlg } : {}),
    htm: request.method,
    url: request.url,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(dpopToken ? { accessToken: o.token!.token } : {}),
    ...(ctx.now ? { now: ctx.now } : {}),
  });
  headers.push({ name: 'dpop', value: jwt, secret: true });
  return { request: { ...request, headers }, dpop: { jkt: await dpopJkt(key), proof: decoded } };
}
