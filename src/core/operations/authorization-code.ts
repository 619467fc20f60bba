/**
 * Authorization code flow with PKCE (S256) and a loopback redirect (RFC 8252),
 * optionally through PAR (RFC 9126). The browser leg is the user's; everything the
 * workbench sends (PAR, token) goes through the one client-authentication mechanism.
 *
 * Checks: `state` (FLOW_STATE_MISMATCH), the RFC 9207 `iss` parameter when present,
 * and for an ID token its signature against the issuer's JWKS, `iss`, `aud`, `exp`
 * and the `nonce` (FLOW_NONCE_MISMATCH).
 */
import { bodyExcerpt } from '../http/excerpt';
import { profileScrubber } from '../redaction';
import type { CallContext } from '../client-auth';
import { verifyJwt, type VerifyResult } from '../crypto/jwt';
import { createPkce, randomState } from '../crypto/pkce';
import { resolveEndpoints } from '../discovery';
import { ConfigError, oauthCode, toErrorInfo } from '../errors';
import type { ClientProfile, Exchange, Param, ServerMetadata, TokenSet } from '../types';
import { dpopActive, loadDpopKey } from '../dpop/mode';
import { dpopJkt } from '../dpop/proof';
import { FlowFailure, combineSignals, laterStep } from './flow-failure';
import { parseTokenResponse } from './grants';
import { startLoopbackListener, DEFAULT_FLOW_TIMEOUT_MS } from './loopback-listener';
import { pushAuthorizationRequest } from './par';
import { appendExtra, endpointUrl, runOperation, type OperationRequest } from './request';

/** Options of {@link authorizationCode}. */
export interface AuthorizationCodeOptions {
  /** Default: the profile's scope. `openid` in it turns on nonce + ID token checks. */
  scope?: string;
  /** RFC 8707 resource indicators; default the profile's. */
  resource?: string[];
  /** Extra authorization request parameters (e.g. `prompt`, `login_hint`, `acr_values`). */
  extra?: Param[];
  /** Use PAR; default: the profile's `usePar`, or when the server requires it. */
  usePar?: boolean;
  /** Loopback redirect URI; default the profile's, else `http://127.0.0.1:<free port>/callback`. */
  redirectUri?: string;
  /** Opens the authorization URL in the user's browser. */
  openBrowser: (url: string) => Promise<void> | void;
  /** How long to wait for the redirect, default 5 minutes. */
  timeoutMs?: number;
  /** Cancels the flow: the listener closes and pending requests are aborted. */
  signal?: AbortSignal;
}

/** Outcome of {@link authorizationCode}. */
export interface AuthorizationCodeResult {
  /** The PAR exchange (if used) and the token exchange, in order. */
  exchanges: Exchange[];
  /** Set when the token request succeeded. */
  tokens?: TokenSet;
  /** Verification of the ID token, when one was issued. */
  idToken?: VerifyResult;
  /** The URL the browser was sent to (holds no secret: PKCE sends only the challenge). */
  authorizationUrl?: string;
  redirectUri?: string;
}

/**
 * Whether the flow pushes its authorization request (RFC 9126): when the caller asks
 * (`requested`), else the profile's `usePar`, or when the server requires it (§5).
 * Callers that check endpoints before the flow starts use the same decision.
 */
export function usesPar(profile: Pick<ClientProfile, 'usePar'>, metadata: ServerMetadata | undefined, requested?: boolean): boolean {
  return requested ?? (profile.usePar === true || metadata?.require_pushed_authorization_requests === true);
}

/** Pure: the token request that redeems the code (client auth is added when prepared). */
export function authorizationCodeTokenRequest(p: {
  code: string;
  redirectUri: string;
  codeVerifier: string;
  extra?: Param[];
}): OperationRequest {
  return {
    operation: 'authorization_code',
    endpoint: 'token',
    method: 'POST',
    credentialed: true,
    form: appendExtra(
      [
        { name: 'grant_type', value: 'authorization_code' },
        { name: 'code', value: p.code, secret: true },
        { name: 'redirect_uri', value: p.redirectUri },
        { name: 'code_verifier', value: p.codeVerifier, secret: true },
      ],
      p.extra,
    ),
    headers: [],
  };
}

/** `url` with `params` appended to whatever query it already has. */
function withQuery(url: string, params: Param[]): string {
  const u = new URL(url);
  for (const p of params) u.searchParams.append(p.name, p.value);
  return u.toString();
}

/**
 * Runs the flow: opens the browser at the authorization endpoint, receives the code on
 * the loopback listener, redeems it, verifies the ID token.
 * Resolves with the exchanges (a failed PAR or token request is recorded there, not thrown).
 * @throws FlowFailure FLOW_STATE_MISMATCH | FLOW_NONCE_MISMATCH | FLOW_TIMEOUT | FLOW_CANCELLED | OAUTH_* (error on the redirect)
 * @throws ConfigError | KeyError — input errors found before anything was sent
 */
export async function authorizationCode(ctx: CallContext, o: AuthorizationCodeOptions): Promise<AuthorizationCodeResult> {
  const { profile, metadata } = ctx;
  const authorizationEndpoint = endpointUrl(ctx, 'authorization');
  const usePar = usesPar(profile, metadata, o.usePar);
  if (usePar) endpointUrl(ctx, 'pushed_authorization_request');
  if (typeof o.openBrowser !== 'function') throw new ConfigError('CONFIG_INVALID', 'authorizationCode needs an openBrowser function.');

  const signal = combineSignals(o.signal, ctx.http?.signal);
  const flowCtx: CallContext = signal ? { ...ctx, http: { ...ctx.http, signal } } : ctx;
  // The redirect's query is written by whoever sent the browser back: quoted short,
  // escaped, and without the client's secrets or any JWT (SECURITY.md 19).
  const profileSecrets = profileScrubber(ctx.secrets);
  const redirectText = (text: string): string => bodyExcerpt(text, profileSecrets);
  const scope = o.scope ?? profile.scope;
  const wantsIdToken = (scope ?? '').split(' ').includes('openid');
  const pkce = createPkce();
  const state = randomState();
  const nonce = wantsIdToken ? randomState() : undefined;
  const exchanges: Exchange[] = [];

  const listener = await startLoopbackListener({
    ...((o.redirectUri ?? profile.redirectUri) ? { redirectUri: o.redirectUri ?? profile.redirectUri } : {}),
    timeoutMs: o.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
  const redirectUri = listener.redirectUri;
  try {
    const params: Param[] = [
      { name: 'response_type', value: 'code' },
      { name: 'client_id', value: profile.clientId },
      { name: 'redirect_uri', value: redirectUri },
    ];
    if (scope) params.push({ name: 'scope', value: scope });
    params.push({ name: 'state', value: state });
    if (nonce) params.push({ name: 'nonce', value: nonce });
    params.push({ name: 'code_challenge', value: pkce.challenge }, { name: 'code_challenge_method', value: pkce.method });
    for (const r of o.resource ?? profile.resource ?? []) params.push({ name: 'resource', value: r });
    // RFC 9449 §10: bind the code to the DPoP key, so only this key can redeem it.
    if (dpopActive(profile, metadata)) params.push({ name: 'dpop_jkt', value: await dpopJkt(await loadDpopKey(ctx)) });
    params.push(...appendExtra([], o.extra));

    let authorizationUrl: string;
    if (usePar) {
      const par = await pushAuthorizationRequest(flowCtx, params);
      exchanges.push(par);
      if (!par.result) return { exchanges, redirectUri };
      authorizationUrl = withQuery(authorizationEndpoint, [
        { name: 'client_id', value: profile.clientId },
        { name: 'request_uri', value: par.result.request_uri },
      ]);
    } else {
      authorizationUrl = withQuery(authorizationEndpoint, params);
    }

    await o.openBrowser(authorizationUrl);
    let cb: URLSearchParams;
    try {
      cb = (await listener.callback).params;
    } catch (e) {
      const code = (e as { code?: string }).code === 'FLOW_TIMEOUT' ? 'FLOW_TIMEOUT' : 'FLOW_CANCELLED';
      throw new FlowFailure(code, e instanceof Error ? e.message : String(e), exchanges, { cause: e });
    }

    if (cb.get('state') !== state) {
      throw new FlowFailure(
        'FLOW_STATE_MISMATCH',
        cb.has('state')
          ? 'The redirect carried a different "state" than this request sent: it does not answer this authorization request (a stale tab, another client, or a forged redirect). The code was NOT redeemed; start the flow again.'
          : 'The redirect carried no "state" although the request sent one; the code was NOT redeemed. Start the flow again.',
        exchanges,
      );
    }
    const expectedIssuer = metadata?.issuer ?? profile.issuer;
    const iss = cb.get('iss');
    if (iss !== null && iss !== expectedIssuer) {
      // RFC 9207 mix-up defence: the response names another authorization server.
      throw new FlowFailure(
        'FLOW_STATE_MISMATCH',
        `The redirect's "iss" is "${redirectText(iss)}" but this request went to ${JSON.stringify(expectedIssuer)} (RFC 9207): the response comes from another server. The code was NOT redeemed.`,
        exchanges,
      );
    }
    const error = cb.get('error');
    if (error !== null) {
      const description = cb.get('error_description');
      throw new FlowFailure(
        oauthCode(error),
        `The authorization server answered ${redirectText(error)}${description ? `: ${redirectText(description)}` : ''}${error === 'access_denied' ? ' (the user declined or the server refused the request).' : '.'}`,
        exchanges,
      );
    }
    const code = cb.get('code');
    if (!code) {
      throw new FlowFailure('FLOW_CANCELLED', 'The redirect carried neither a "code" nor an "error"; nothing to redeem.', exchanges);
    }

    const token = await laterStep(exchanges, () =>
      runOperation(flowCtx, authorizationCodeTokenRequest({ code, redirectUri, codeVerifier: pkce.verifier }), parseTokenResponse),
    );
    exchanges.push(token);
    if (!token.result) return { exchanges, authorizationUrl, redirectUri };
    const tokens = token.result;
    const result: AuthorizationCodeResult = { exchanges, tokens, authorizationUrl, redirectUri };
    if (tokens.id_token) {
      result.idToken = await verifyIdToken(flowCtx, tokens.id_token, expectedIssuer);
      const got = result.idToken.claims['nonce'];
      if (nonce !== undefined && got !== nonce) {
        throw new FlowFailure(
          'FLOW_NONCE_MISMATCH',
          got === undefined
            ? 'The ID token has no "nonce" although the request sent one; it may be replayed. Do not trust it.'
            : 'The ID token\'s "nonce" differs from the one this request sent: it was issued for another request (replay). Do not trust it.',
          exchanges,
        );
      }
    }
    return result;
  } finally {
    await listener.close();
  }
}

/** Verifies an ID token against the issuer's JWKS (iss, aud = client_id, exp, nbf). */
async function verifyIdToken(ctx: CallContext, idToken: string, issuer: string): Promise<VerifyResult> {
  const jwksUri = resolveEndpoints(ctx.profile, ctx.metadata).jwks_uri;
  if (!jwksUri) {
    return {
      verified: false,
      header: {},
      claims: {},
      error: toErrorInfo(
        new ConfigError(
          'CONFIG_MISSING_ENDPOINT',
          'The ID token cannot be verified: no jwks_uri is known (run discovery or set it in the profile).',
        ),
      ),
    };
  }
  return verifyJwt(idToken, {
    issuer,
    audience: ctx.profile.clientId,
    jwksUri,
    ...(ctx.http ? { http: ctx.http } : {}),
    ...(ctx.profile.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    ...(ctx.now ? { nowSeconds: ctx.now() } : {}),
  });
}
