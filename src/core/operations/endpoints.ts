/**
 * Introspection (RFC 7662, RFC 9701 JWT responses), revocation (RFC 7009) and
 * userinfo. Introspection and revocation authenticate the client exactly like the
 * token endpoint (the origin story).
 */
import type { CallContext } from '../client-auth';
import { decodeJwt, verifyJwt, type VerifyResult } from '../crypto/jwt';
import { JwtError, ResponseError } from '../errors';
import { bodyExcerpt } from '../http/excerpt';
import type { Exchange, HttpResponseRecord, IntrospectionResult, Param } from '../types';
import { introspectionFrom, jsonObject } from './parse';
import { endpointUrl, runOperation, type OperationRequest } from './request';

export const INTROSPECTION_JWT = 'application/token-introspection+jwt';

export interface IntrospectParams {
  token: string;
  tokenTypeHint?: string;
  /** Ask for a signed JWT response (RFC 9701) and verify it against the issuer's JWKS. */
  jwtResponse?: boolean;
  extra?: Param[];
}
export interface RevokeParams {
  token: string;
  tokenTypeHint?: string;
  extra?: Param[];
}
export interface UserinfoParams {
  accessToken: string;
  /** The token's `token_type`; `DPoP` presents it with a DPoP proof (RFC 9449 §7). */
  tokenType?: string;
}

/** Introspection exchange; with `jwtResponse`, `jwt` holds the verification of the signed response. */
export type IntrospectionExchange = Exchange<IntrospectionResult> & { jwt?: VerifyResult };

/** Pure: the introspection request. */
export function introspectionRequest(p: IntrospectParams): OperationRequest {
  const form: Param[] = [{ name: 'token', value: p.token, secret: true }];
  if (p.tokenTypeHint) form.push({ name: 'token_type_hint', value: p.tokenTypeHint });
  form.push(...(p.extra ?? []));
  const headers: Param[] = p.jwtResponse ? [{ name: 'accept', value: INTROSPECTION_JWT }] : [];
  return { operation: 'introspect', endpoint: 'introspection', method: 'POST', credentialed: true, form, headers };
}

/** Pure: the revocation request. */
export function revocationRequest(p: RevokeParams): OperationRequest {
  const form: Param[] = [{ name: 'token', value: p.token, secret: true }];
  if (p.tokenTypeHint) form.push({ name: 'token_type_hint', value: p.tokenTypeHint });
  form.push(...(p.extra ?? []));
  return { operation: 'revoke', endpoint: 'revocation', method: 'POST', credentialed: true, form, headers: [] };
}

/** Pure: the userinfo request (the access token is the credential, not client auth; Bearer or DPoP at prepare time). */
export function userinfoRequest(p: UserinfoParams): OperationRequest {
  return {
    operation: 'userinfo',
    endpoint: 'userinfo',
    method: 'GET',
    credentialed: false,
    form: [],
    headers: [],
    accessToken: { token: p.accessToken, ...(p.tokenType ? { tokenType: p.tokenType } : {}) },
  };
}

function isJwtResponse(r: HttpResponseRecord): boolean {
  return (r.headers['content-type'] ?? '').toLowerCase().startsWith(INTROSPECTION_JWT);
}

/**
 * RFC 7662 token introspection, with the profile's client authentication.
 * `jwtResponse` asks for RFC 9701 `application/token-introspection+jwt`; the JWT is
 * verified (signature against the issuer's JWKS, `iss`, `aud` = client_id) and its
 * `token_introspection` claim becomes the result. A JWT that does not verify leaves
 * no result and a JWT_INVALID error.
 */
export async function introspect(ctx: CallContext, p: IntrospectParams): Promise<IntrospectionExchange> {
  let verification: VerifyResult | undefined;
  const parse = async (r: HttpResponseRecord): Promise<IntrospectionResult> => {
    // A server may ignore the JWT Accept header; a plain JSON answer is still valid RFC 7662.
    if (!isJwtResponse(r)) {
      return introspectionFrom(jsonObject(r, 'introspection response'), r);
    }
    const token = r.body.trim();
    const issuer = ctx.metadata?.issuer ?? ctx.profile.issuer;
    const jwksUri = endpointUrl(ctx, 'jwks_uri');
    verification = await verifyJwt(token, {
      issuer,
      audience: ctx.profile.clientId,
      jwksUri,
      ...(ctx.http?.signal ? { http: { signal: ctx.http.signal } } : {}),
      ...(ctx.now ? { nowSeconds: ctx.now() } : {}),
    });
    if (!verification.verified) {
      throw new JwtError(
        'JWT_INVALID',
        `The signed introspection response did not verify: ${verification.error?.message ?? 'unknown reason'}`,
      );
    }
    const claims = verification.claims.token_introspection;
    if (claims === undefined) {
      throw new ResponseError(
        'RESPONSE_INVALID',
        'The signed introspection response has no "token_introspection" claim (RFC 9701 §5).',
        bodyExcerpt(JSON.stringify(decodeJwt(token).claims)),
      );
    }
    return introspectionFrom(claims, r);
  };
  const ex = await runOperation(ctx, introspectionRequest(p), parse);
  return verification ? { ...ex, jwt: verification } : ex;
}

/**
 * RFC 7009 revocation, with the profile's client authentication. A failure says
 * that the token may still be active.
 */
export async function revoke(ctx: CallContext, p: RevokeParams): Promise<Exchange<{ revoked: true }>> {
  const ex = await runOperation(ctx, revocationRequest(p), () => ({ revoked: true as const }));
  if (ex.error) {
    ex.error = { ...ex.error, message: `${ex.error.message} — the token was NOT revoked and may still be active.` };
  }
  return ex;
}

/** OpenID Connect userinfo with the access token as Bearer credential. */
export function userinfo(ctx: CallContext, p: UserinfoParams): Promise<Exchange<Record<string, unknown>>> {
  return runOperation(ctx, userinfoRequest(p), (r) => {
    if ((r.headers['content-type'] ?? '').toLowerCase().startsWith('application/jwt')) {
      return decodeJwt(r.body.trim()).claims;
    }
    return jsonObject(r, 'userinfo response');
  });
}
