/**
 * Signature badges for the JWTs of a response: each is verified with the core's
 * verifyJwt against the issuer's JWKS. HMAC-signed tokens and servers without a
 * jwks_uri are "not checked", with the reason.
 */
import { decodeJwt, resolveEndpoints, verifyJwt, type CallContext } from '../../core';
import type { FoundToken, Verification } from './view-model';

export async function verifyTokens(found: FoundToken[], ctx: CallContext): Promise<Partial<Record<FoundToken['kind'], Verification>>> {
  const out: Partial<Record<FoundToken['kind'], Verification>> = {};
  const issuer = ctx.metadata?.issuer ?? ctx.profile.issuer;
  const jwksUri = resolveEndpoints(ctx.profile, ctx.metadata).jwks_uri;
  for (const t of found) {
    let alg: unknown;
    try {
      alg = decodeJwt(t.value).header.alg;
    } catch {
      continue; // opaque: nothing to verify
    }
    if (typeof alg === 'string' && alg.startsWith('HS')) {
      out[t.kind] = { notChecked: `Signed with a shared secret (${alg}); only the server can verify it.` };
      continue;
    }
    if (!jwksUri) {
      out[t.kind] = { notChecked: 'The server publishes no jwks_uri to verify it against.' };
      continue;
    }
    try {
      const audience = t.kind === 'id_token' || t.kind === 'response_jwt' ? ctx.profile.clientId : undefined;
      const result = await verifyJwt(t.value, {
        issuer,
        jwksUri,
        ...(audience ? { audience } : {}),
        ...(ctx.http ? { http: ctx.http } : {}),
        ...(ctx.profile.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
      });
      out[t.kind] = { result };
    } catch (e) {
      out[t.kind] = { notChecked: e instanceof Error ? e.message : String(e) };
    }
  }
  return out;
}
