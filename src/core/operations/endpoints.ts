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
 * What a successful revocation answer says — and what it does not. RFC 7009 §2.2: the
 * server answers 200 also for a token that was unknown or already invalid, and some
 * servers answer 200 when the client authentication failed; so 200 proves the request
 * was accepted, not that a token was revoked. Introspection proves it (`active: false`).
 */
export interface RevocationResult {
  /** The server answered 2xx: it accepted the revocation request. */
  accepted: true;
  status: number;
  /** The wording to show: what the server said, and how to confirm. */
  note: string;
}

/** The honest wording of a 2xx revocation answer. */
export function revocationNote(status: number): string {
  return (
    `The server accepted the revocation request (HTTP ${status}). That does not prove the token was revoked: ` +
    'RFC 7009 answers 200 for unknown or already invalid tokens too, and some servers answer 200 when client authentication failed. ' +
    'Introspect the token to confirm it is now inactive.'
  );
}

/**
 * RFC 7009 revocation, with the profile's client authentication. Success is reported
 * as what the server said ({@link RevocationResult}); a failure says that the token
 * was not revoked and may still be active.
 */
export async function revoke(ctx: CallContext, p: RevokeParams): Promise<Exchange<RevocationResult>> {
  const ex = await runOperation(ctx, revocationRequest(p), (r) => ({
    accepted: true as const,
    status: r.status,
    note: revocationNote(r.status),
  }));
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
