/**
 * OAuth Workbench core — the public surface.
 *
 * Pure TypeScript: never imports `vscode`. Everything not exported here is internal.
 * essentials.ts is the subset that loads without the HTTP client, jose's verifier or
 * the diagnosis catalogue (what the extension's activation imports).
 * Every network operation resolves an {@link Exchange}; it rejects only for input
 * errors found before anything was sent (bad key, insecure URL, missing secret).
 *
 * @packageDocumentation
 */

// ── data shapes and errors ─────────────────────────────────────────────
export * from './types';
export * from './errors';

// ── http (transport) ───────────────────────────────────────────────────
/**
 * One HTTP call over undici: `sendHttp(request, options)` sends an {@link HttpRequestRecord}
 * and resolves `{ request (as sent), response, timings }`. Connect/headers/body timeouts
 * (default 10/30/30 s; the body deadline covers the whole body), a 1 MiB response cap,
 * cancel via `signal`. Redirects are never followed. Rejects with a {@link TransportError}
 * (an {@link HttpError}: HTTP_TIMEOUT naming the phase, HTTP_ABORTED, HTTP_NETWORK with a
 * plain explanation, HTTP_TOO_LARGE, HTTP_REDIRECT naming the Location) that still carries
 * the request, timings and any response head.
 */
export { sendHttp, TransportError, DEFAULT_TIMEOUTS, DEFAULT_MAX_RESPONSE_BYTES } from './http/transport';
export type { HttpOptions, HttpResult } from './http/transport';
/** `completeRequest(record)`: the record with the headers the transport adds when absent (content-type, accept, user-agent) — what a preview shows as sent. */
export { completeRequest } from './http/transport';
/**
 * `createDispatcher({ proxy?, noProxy?, strictSSL?, ca?, connectMs? })`: an undici dispatcher
 * for `HttpOptions.dispatcher` — explicit proxy or HTTPS_PROXY/HTTP_PROXY with NO_PROXY,
 * extra CA certificates added to Node's roots. `strictSSL: false` (VS Code's
 * `http.proxyStrictSSL`) relaxes verification only for traffic through the proxy;
 * direct connections are always verified, and nothing is changed process-wide.
 */
export { createDispatcher } from './http/dispatcher';
export type { DispatcherOptions } from './http/dispatcher';
/**
 * `assertSafeUrl(url, allowInsecureHttp?)`: throws ConfigError CONFIG_INSECURE_HTTP unless the
 * URL is https, or http to loopback (127.0.0.0/8, ::1, localhost), or insecure http is allowed.
 */
export { assertSafeUrl, isLoopbackHost } from './http/safe-url';
/**
 * THE `WWW-Authenticate` parser (RFC 9110 §11.6.1): `parseChallenges(value)` → every
 * challenge `{ scheme, params, token68? }` (several per header, names lower-cased,
 * quoted-strings unescaped, linear time, first 64 KiB read). `findChallenge(list, scheme)`
 * picks one by scheme; `primaryChallenge(list)` the one carrying an OAuth `error`.
 */
export { parseChallenges, findChallenge, primaryChallenge, MAX_HEADER_CHARS } from './http/www-authenticate';
export type { AuthChallenge } from './http/www-authenticate';
/** `parseRetryAfter` (seconds or HTTP date → ms) and `retryDelay` (bounded 429/503 retry policy). */
export { parseRetryAfter, retryDelay } from './http/retry';

// ── crypto: keys, client assertions, JWT, PKCE ─────────────────────────
/**
 * Keys for `private_key_jwt`. `importPrivateKey(material, {kid?})` reads PKCS#8,
 * PKCS#1 (`BEGIN RSA PRIVATE KEY`), SEC1 (`BEGIN EC PRIVATE KEY`) PEM or a private JWK
 * and returns a {@link LoadedKey} (`kid` = RFC 7638 thumbprint unless given), or throws a
 * KeyError naming what is wrong (KEY_ENCRYPTED, KEY_PUBLIC_ONLY, KEY_MALFORMED,
 * KEY_UNSUPPORTED) without echoing key material. `generateKeyPair(type)` makes RSA
 * 2048/3072, EC P-256/P-384 or Ed25519 pairs with the JWKS to register;
 * `publicJwkFromPrivate(material, {kid?, alg?})` derives the public JWK to register.
 */
export { importPrivateKey, generateKeyPair, publicJwkFromPrivate, assertAlgForKey, toPublicJwk, KEY_PAIR_TYPES } from './crypto/keys';
export type { KeyPairType, LoadedKey, JWK } from './crypto/keys';
/** Per-profile cache of imported keys (one per profile, compared by material and kid; never re-parsed per request). */
export { KeyCache } from './crypto/key-cache';
/**
 * RFC 7523 client assertion: `iss` = `sub` = client_id, `aud` per audience mode, `exp`
 * ≤ now+60 s by default, `iat`, `nbf`, fresh `jti` every call, `kid` header, optional
 * `typ`. Refuses `none`, mismatched algorithms, public keys and short HMAC secrets
 * (KeyError, nothing signed). `resolveAssertionAudience` picks `aud` for a profile:
 * issuer (default) | endpoint | token_endpoint | custom.
 */
export { createClientAssertion, resolveAssertionAudience, HMAC_MIN_BYTES } from './crypto/assertion';
export type { AssertionOptions } from './crypto/assertion';
/**
 * `decodeJwt(token, now?)` — header and claims, NOT verified, with `exp`/`iat`/`nbf`/
 * `auth_time` annotated (epoch, ISO, relative); JwtError JWT_MALFORMED otherwise (JWE
 * is reported as encrypted). `verifyJwt(token, options)` — signature against the
 * issuer's JWKS (given, or fetched from `jwksUri`), `iss`/`aud`/`exp`/`nbf` with clock
 * tolerance (default 30 s); resolves `{verified, header, claims, error?}`.
 */
export { decodeJwt, verifyJwt } from './crypto/jwt';
export type { VerifyOptions, VerifyResult } from './crypto/jwt';
/**
 * Key sets for `verifyJwt(…, { jwksUri })`: a `JwksCache` fetches each `jwks_uri` at most
 * once per TTL — `jwksTtlMs(headers)`: Cache-Control `max-age` or `Expires`, within
 * {@link JWKS_TTL} (30 s … 24 h, default 10 min) — and once more when a token names an
 * unknown `kid` (not within {@link UNKNOWN_KID_COOLDOWN_MS} of the last fetch). Imported
 * keys stay with the cached set. `verifyJwt` uses one shared cache unless given `jwksCache`.
 */
export { JwksCache, jwksTtlMs, JWKS_TTL, UNKNOWN_KID_COOLDOWN_MS } from './crypto/jwks-cache';
/** PKCE S256 pair (`createPkce`) and unguessable `state`/`nonce` values (`randomState`). */
export { createPkce, randomState, s256Challenge } from './crypto/pkce';

// ── discovery, client authentication, operations ───────────────────────
/**
 * `discover(issuer, { clientId?, http?, allowInsecureHttp?, wellKnown? })` → `{ metadata, exchange }`.
 * `auto` (default) tries `{issuer}/.well-known/openid-configuration`, then RFC 8414
 * `{origin}/.well-known/oauth-authorization-server{path}`; `clientId` is passed as
 * `?client_id=`. The document's `issuer` must equal `issuer` exactly. Rejects with a
 * {@link DiscoveryFailure} (DISCOVERY_ISSUER_MISMATCH | DISCOVERY_FAILED, carrying the
 * exchanges tried) or a ConfigError for a bad/insecure issuer URL.
 * `resolveEndpoints(profile, metadata?)`: the endpoints to call, profile overrides winning.
 */
export { discover, resolveEndpoints, DiscoveryFailure, openidConfigurationUrl, oauthServerMetadataUrl } from './discovery';
export type { DiscoverOptions, WellKnown } from './discovery';
/**
 * `discoverFromEndpointUrl(url, options)`: the server behind an endpoint URL (e.g. from a
 * pasted curl) — tries the URL's path prefixes as issuers, longest first, and prefers the
 * one whose metadata lists the URL; `undefined` when none answers. `issuerCandidates(url)`
 * lists the prefixes tried.
 */
export { discoverFromEndpointUrl, issuerCandidates, MAX_ISSUER_CANDIDATES } from './discover-from-url';
/**
 * THE client authentication mechanism for every credentialed endpoint.
 * `applyClientAuth(request, endpoint, ctx)` applies the profile's one method (none,
 * client_secret_basic with RFC 6749 §2.3.1 encoding, client_secret_post,
 * client_secret_jwt, private_key_jwt with a fresh assertion per call), removing any
 * other client credentials, and marks secret values. `assertionFor(ctx, endpoint)`
 * signs the assertion that call would carry (for "copy client assertion").
 * {@link CallContext} is what every operation takes.
 */
export { applyClientAuth, assertionFor, basicCredentials, CLIENT_ASSERTION_TYPE } from './client-auth';
export type { CallContext } from './client-auth';
/**
 * Operations, split into "make request" (pure {@link buildOperation} /
 * `*Request` builders → {@link OperationRequest}), {@link prepareRequest} (endpoint URL
 * resolved and checked, client auth applied — what previews show) and
 * {@link runOperation} (send with bounded 429/503 retries, each re-prepared with a
 * fresh assertion; parse). Every wrapper resolves an {@link Exchange}: `result` on
 * success, `error` (OAuth error with error/error_description/error_uri, transport
 * failure, or malformed body with an escaped excerpt) otherwise. They reject only for
 * input errors found before anything was sent (ConfigError, KeyError).
 */
export { prepareRequest, runOperation, endpointUrl, endpointLabel } from './operations/request';
export type { OperationRequest, PreparedRequest } from './operations/request';
export { buildOperation } from './operations/build';
export type { OperationParams } from './operations/build';
/**
 * Grants at the token endpoint: `clientCredentials`, `refreshToken`, `jwtBearerGrant`
 * (RFC 7523 §2.1: pasted assertion, or signed with the profile key, iss = client_id,
 * sub = subject ?? client_id), `tokenExchange` (RFC 8693), `passwordGrant` (LEGACY —
 * OAuth 2.1 removes it; its exchange carries `legacy: true`). `tokenSetFrom(json, now)`
 * validates a token response (access_token string, numeric expires_in) and computes `expires_at`.
 */
export {
  clientCredentials,
  refreshToken,
  jwtBearerGrant,
  tokenExchange,
  passwordGrant,
  clientCredentialsRequest,
  refreshTokenRequest,
  jwtBearerRequest,
  tokenExchangeRequest,
  passwordRequest,
  GRANT_JWT_BEARER,
  GRANT_TOKEN_EXCHANGE,
} from './operations/grants';
export type {
  TokenRequestParams,
  ClientCredentialsParams,
  RefreshTokenParams,
  JwtBearerParams,
  TokenExchangeParams,
  PasswordParams,
} from './operations/grants';
export { tokenSetFrom, introspectionFrom, errorFromResponse } from './operations/parse';
/**
 * `introspect(ctx, { token, tokenTypeHint?, jwtResponse? })` (RFC 7662; with
 * `jwtResponse` the RFC 9701 signed response is verified against the issuer's JWKS,
 * result in `exchange.jwt`), `revoke(ctx, { token, tokenTypeHint? })` (RFC 7009; a
 * failure says the token may still be active), `userinfo(ctx, { accessToken })`.
 */
export {
  introspect,
  revoke,
  userinfo,
  introspectionRequest,
  revocationRequest,
  userinfoRequest,
  INTROSPECTION_JWT,
} from './operations/endpoints';
export type { IntrospectParams, RevokeParams, UserinfoParams, IntrospectionExchange } from './operations/endpoints';
/**
 * Interactive flows. `authorizationCode(ctx, { openBrowser, scope?, resource?, extra?,
 * usePar?, redirectUri?, timeoutMs?, signal? })`: PKCE S256, a loopback listener on
 * 127.0.0.1 (a free port unless the redirect URI names one) closed after the callback,
 * timeout (default 5 min) or cancel; PAR (RFC 9126) when asked, when the profile says so,
 * or when the server requires it; `state` and RFC 9207 `iss` checked; the code redeemed
 * with the profile's client authentication; the ID token verified against the JWKS with
 * its `nonce` checked. Resolves `{ exchanges, tokens?, idToken?, authorizationUrl?, redirectUri? }`.
 * `deviceCode(ctx, { onUserCode, scope?, extra?, signal? })` (RFC 8628): device
 * authorization with client auth, then polls at the interval (`slow_down` adds 5 s) →
 * `{ exchanges, tokens?, polls }`. Both throw a {@link FlowFailure} (a FlowError carrying
 * the exchanges so far): FLOW_STATE_MISMATCH, FLOW_NONCE_MISMATCH, FLOW_TIMEOUT,
 * FLOW_CANCELLED, OAUTH_ACCESS_DENIED, OAUTH_EXPIRED_TOKEN.
 */
export { authorizationCode, authorizationCodeTokenRequest, usesPar } from './operations/authorization-code';
export type { AuthorizationCodeOptions, AuthorizationCodeResult } from './operations/authorization-code';
export { deviceCode, deviceAuthorizationRequest, deviceTokenRequest, GRANT_DEVICE_CODE } from './operations/device-code';
export type { DeviceCodeOptions, DeviceCodeResult, UserCodeInfo, DeviceAuthorization } from './operations/device-code';
export { pushAuthorizationRequest, parRequest } from './operations/par';
export type { ParResult } from './operations/par';
export { FlowFailure } from './operations/flow-failure';
/**
 * `redactExchange(e)`: a copy safe to store/log/show — secret request values become
 * placeholders (`<client_secret>`, `Basic <client_credentials>`), token values in
 * responses keep their first 6 characters.
 */
export { redactExchange, redactRequest, redactResponse, maskToken, maskSecretsInText } from './redact';

// ── curl import/export ─────────────────────────────────────────────────
/** `toCurl(exchange | request, { reveal? })`: a shell-safe curl command; secrets become `"$CLIENT_SECRET"`-style variables unless revealed. */
export { toCurl } from './curl/to-curl';
/**
 * `parseCurl(text)`: a pasted curl command (bash/zsh, Windows cmd `^`, PowerShell backtick,
 * with or without line continuations; quotes, `$'...'`, `-u`, `-d`/`--data-*`,
 * `--data-urlencode`, `-H`, `-X`, `--url`, `-G`; `{placeholders}` kept) → a {@link DraftRequest}
 * with query parameters split out, secret values marked, and `warnings` for ignored options.
 * Throws ConfigError CURL_PARSE naming what is wrong and where.
 */
export { parseCurl } from './curl/parse-curl';

// ── diagnosis ──────────────────────────────────────────────────────────
/**
 * `diagnose({ draft?, exchange?, profile?, metadata?, endpoint?, localNowSeconds?, key? })` →
 * {@link Finding}[] sorted by severity, then rank (most likely cause first). Preflight rules
 * run on the draft (or `exchange.request`): client authentication vs the profile (the
 * introspection-with-only-client_id origin story), assertion claims and header, metadata
 * support, request shape, http/origin, provider expectations. After-response rules run on
 * `exchange.response`/`error`: `invalid_client` with ranked causes and a one-click
 * `switch-audience` action, other OAuth errors, introspection `active: false`, clock skew
 * from the `Date` header, WWW-Authenticate, 3xx, HTML, 429/503. Evidence never contains a
 * secret value. Every code is listed in {@link FINDINGS} and docs/FINDINGS.md.
 * `providerHints(issuer)`: Okta / Entra ID / Auth0 / Keycloak expectations with doc links.
 * `draftFromRequest(record)`: the draft view of a prepared or sent request.
 */
export { diagnose, sortFindings, providerHints, detectProvider, FINDINGS, draftFromRequest } from './diagnose';
export type {
  DiagnoseInput,
  Finding,
  FindingAction,
  FindingCode,
  Severity,
  DraftRequest,
  DraftBodyFormat,
  KeyFacts,
  ProviderInfo,
  ProviderKind,
} from './diagnose';
