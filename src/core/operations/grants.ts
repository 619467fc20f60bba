/**
 * Token endpoint grants: client_credentials, refresh_token, jwt-bearer (RFC 7523 §2.1),
 * token exchange (RFC 8693) and the legacy password grant. Each has a pure request
 * builder and a wrapper that runs it and validates the token response.
 */
import type { CallContext } from '../client-auth';
import type { Exchange, HttpResponseRecord, Param, TokenSet } from '../types';
import { jsonObject, tokenSetFrom } from './parse';
import { appendExtra, runOperation, type OperationRequest } from './request';

export const GRANT_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const GRANT_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** Parameters common to token requests. `scope`/`resource` default to the profile's. */
export interface TokenRequestParams {
  scope?: string;
  /** RFC 8707 resource indicators (one `resource` parameter each). */
  resource?: string[];
  /** Vendor `audience` parameter (Auth0 and others). */
  audience?: string;
  /** Arbitrary extra parameters (client-authentication parameters are ignored). */
  extra?: Param[];
}

export type ClientCredentialsParams = TokenRequestParams;
export interface RefreshTokenParams extends TokenRequestParams {
  refreshToken: string;
}
export interface JwtBearerParams extends TokenRequestParams {
  /** A pasted assertion; otherwise one is signed with the profile's key (iss = client_id). */
  assertion?: string;
  /** `sub` of the signed assertion; default the client_id. */
  subject?: string;
}
export interface TokenExchangeParams {
  subjectToken: string;
  subjectTokenType: string;
  actorToken?: string;
  actorTokenType?: string;
  requestedTokenType?: string;
  audience?: string;
  resource?: string[];
  scope?: string;
  extra?: Param[];
}
export interface PasswordParams {
  username: string;
  password: string;
  scope?: string;
  extra?: Param[];
}

function tokenRequest(operation: OperationRequest['operation'], form: Param[], extra?: Param[]): OperationRequest {
  return { operation, endpoint: 'token', method: 'POST', credentialed: true, form: appendExtra(form, extra), headers: [] };
}

function common(p: TokenRequestParams, profileDefaults?: { scope?: string; resource?: string[] }): Param[] {
  const out: Param[] = [];
  const scope = p.scope ?? profileDefaults?.scope;
  if (scope) out.push({ name: 'scope', value: scope });
  for (const r of p.resource ?? profileDefaults?.resource ?? []) out.push({ name: 'resource', value: r });
  if (p.audience) out.push({ name: 'audience', value: p.audience });
  return out;
}

/** Pure: the client_credentials request. Pass the profile to use its default scope/resource. */
export function clientCredentialsRequest(
  p: ClientCredentialsParams = {},
  defaults?: { scope?: string; resource?: string[] },
): OperationRequest {
  return tokenRequest('client_credentials', [{ name: 'grant_type', value: 'client_credentials' }, ...common(p, defaults)], p.extra);
}

/** Pure: the refresh_token request (scope/resource only when given: a refresh keeps the original grant). */
export function refreshTokenRequest(p: RefreshTokenParams): OperationRequest {
  return tokenRequest(
    'refresh_token',
    [{ name: 'grant_type', value: 'refresh_token' }, { name: 'refresh_token', value: p.refreshToken, secret: true }, ...common(p)],
    p.extra,
  );
}

/** Pure: the RFC 7523 §2.1 request; without a pasted assertion one is signed at prepare time. */
export function jwtBearerRequest(p: JwtBearerParams, defaults?: { scope?: string; resource?: string[] }): OperationRequest {
  const form: Param[] = [{ name: 'grant_type', value: GRANT_JWT_BEARER }];
  if (p.assertion) form.push({ name: 'assertion', value: p.assertion.trim(), secret: true });
  const op = tokenRequest('jwt_bearer', [...form, ...common(p, defaults)], p.extra);
  if (!p.assertion) op.grantAssertion = p.subject !== undefined ? { subject: p.subject } : {};
  return op;
}

/** Pure: the RFC 8693 token exchange request. */
export function tokenExchangeRequest(p: TokenExchangeParams): OperationRequest {
  const form: Param[] = [
    { name: 'grant_type', value: GRANT_TOKEN_EXCHANGE },
    { name: 'subject_token', value: p.subjectToken, secret: true },
    { name: 'subject_token_type', value: p.subjectTokenType },
  ];
  if (p.actorToken) form.push({ name: 'actor_token', value: p.actorToken, secret: true });
  if (p.actorTokenType) form.push({ name: 'actor_token_type', value: p.actorTokenType });
  if (p.requestedTokenType) form.push({ name: 'requested_token_type', value: p.requestedTokenType });
  return tokenRequest('token_exchange', [...form, ...common(p)], p.extra);
}

/** Pure: the legacy password request. */
export function passwordRequest(p: PasswordParams): OperationRequest {
  const form: Param[] = [
    { name: 'grant_type', value: 'password' },
    { name: 'username', value: p.username },
    { name: 'password', value: p.password, secret: true },
  ];
  if (p.scope) form.push({ name: 'scope', value: p.scope });
  return tokenRequest('password', form, p.extra);
}

/** Parses a token response body into a validated {@link TokenSet}. */
export function parseTokenResponse(r: HttpResponseRecord, ctx: CallContext): TokenSet {
  const json = jsonObject(r, 'token response');
  return tokenSetFrom(json, Math.floor(ctx.now ? ctx.now() : Date.now() / 1000), r);
}

const defaultsOf = (ctx: CallContext) => ({ scope: ctx.profile.scope, resource: ctx.profile.resource });

/** client_credentials grant; scope/resource default to the profile's. */
export function clientCredentials(ctx: CallContext, p: ClientCredentialsParams = {}): Promise<Exchange<TokenSet>> {
  return runOperation(ctx, clientCredentialsRequest(p, defaultsOf(ctx)), parseTokenResponse);
}

/** refresh_token grant. */
export function refreshToken(ctx: CallContext, p: RefreshTokenParams): Promise<Exchange<TokenSet>> {
  return runOperation(ctx, refreshTokenRequest(p), parseTokenResponse);
}

/**
 * RFC 7523 §2.1 jwt-bearer grant: the pasted `assertion`, or one signed with the
 * profile's key (iss = client_id, sub = `subject` ?? client_id, aud per the profile's
 * audience mode, fresh jti per attempt). The client also authenticates as usual.
 */
export function jwtBearerGrant(ctx: CallContext, p: JwtBearerParams = {}): Promise<Exchange<TokenSet>> {
  return runOperation(ctx, jwtBearerRequest(p, defaultsOf(ctx)), parseTokenResponse);
}

/** RFC 8693 token exchange. */
export function tokenExchange(ctx: CallContext, p: TokenExchangeParams): Promise<Exchange<TokenSet>> {
  return runOperation(ctx, tokenExchangeRequest(p), parseTokenResponse);
}

/**
 * Resource owner password credentials grant.
 * @deprecated-style LEGACY: removed by OAuth 2.1 and RFC 9700 §2.4 forbids it; kept only
 * for testing old servers. The resulting exchange carries `legacy: true`.
 */
export async function passwordGrant(ctx: CallContext, p: PasswordParams): Promise<Exchange<TokenSet> & { legacy: true }> {
  const ex = await runOperation(ctx, passwordRequest(p), parseTokenResponse);
  return { ...ex, legacy: true };
}
