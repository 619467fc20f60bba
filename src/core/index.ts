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

// ── the client profile: one definition ─────────────────────────────────
/**
 * The ONE definition of a client profile's non-secret fields (valibot schemas in
 * profile/definition.ts): the `ClientProfile`/{@link ProfileFields} types are inferred from
 * it, the parsers below run it, and scripts/generate-schemas.ts turns it into the settings
 * schema in package.json and schemas/oauth-clients.schema.json (a unit test fails on drift).
 * `parseProfileFields(value, where)` validates and normalises (trims, drops unknown and
 * secret fields, defaults the name and auth method) or throws ConfigError CONFIG_INVALID
 * naming the source, the field and the problem; `parseStoredProfile` also requires an
 * internal id; `parseSettingsEntry` / `parseClientFileEntry` read the setting's and the
 * shared client file's entries. `coreFields(p)` keeps only the definition's fields and the id.
 * `isParsedFields(f)` tells a store that `f` is the parser's output, unchanged since.
 */
export {
  PROFILE_FIELDS,
  PROFILE_FIELD_NAMES,
  SETTINGS_ENTRY,
  CLIENT_FILE_ENTRY,
  SOURCE_ID_MAX,
  PROFILE_ID_MAX,
  MAX_FIELD_LENGTH,
  DPOP_MODES,
  isHttpUrl,
} from './profile/definition';
export {
  parseProfileFields,
  parseStoredProfile,
  parseSettingsEntry,
  parseClientFileEntry,
  isProfileId,
  isSourceId,
  isRecord,
  slugId,
  coreFields,
  urlProblem,
  isParsedFields,
  markParsedFields,
} from './profile/parse';
/**
 * Shared client files (`.vscode/oauth-clients.json`, committed, secret-free):
 * `parseClientFile(text, where)` → `{ clients: { profile, fileId, fields }[], problems, ignoredSecrets }`
 * (also reads the older `{ "profiles": [...] }` export and bare lists; invalid entries are
 * skipped and reported, secret fields ignored and reported, duplicate ids keep the first);
 * `clientFileDocument(profiles)` writes one. A file client's internal id is
 * `file-<fileId>-<hash of issuer and client_id>` ({@link fileClientId}).
 */
export {
  parseClientFile,
  clientFileDocument,
  fileClientId,
  CLIENT_FILE_FORMAT,
  CLIENT_FILE_PATH,
  CLIENT_FILE_MAX_BYTES,
  SECRET_FIELD_NAMES,
} from './profile/client-file';
export type { ClientFileResult, FileClient } from './profile/client-file';
/** `endpointDrift(profile, metadata)`: the endpoints a client pins (and its auth method) that differ from discovery. */
export { endpointDrift } from './profile/drift';
export type { DriftItem } from './profile/drift';

// ── keeping tokens fresh ───────────────────────────────────────────────
/**
 * Pure token-lifetime decisions shared by the extension (auto-refresh, authentication
 * provider, task input) and the CLI: `tokenExpiry(tokens)` (expires_at, else the JWT's exp);
 * `renewGrant(tokens)` (refresh_token, or client_credentials for a client's own token, else
 * none); `planRefresh({tokens, nowSeconds, thresholdSeconds, failures, lastFailureAt})` →
 * when and how to renew (before the threshold, at most half the lifetime ahead; back-off
 * 30 s … 15 min after failures, `backoffSeconds`; never twice within `MIN_RENEW_INTERVAL_SECONDS`); `isFresh(tokens, now, minRemaining)`;
 * `mergeTokenResponse(previous, next, grant)` (refresh-token rotation, kept scope and id_token).
 */
export { tokenExpiry, isValidEpochSeconds } from './tokens/expiry';
export {
  renewGrant,
  planRefresh,
  backoffSeconds,
  renewLeadSeconds,
  isFresh,
  mergeTokenResponse,
  MIN_RENEW_INTERVAL_SECONDS,
} from './tokens/refresh';
export type { RenewGrant, RefreshInput, RefreshPlan } from './tokens/refresh';

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
 * `annotateTimes(claims, now)` — the same epoch/ISO/relative annotation for any claims
 * object (introspection responses), so every view formats times one way.
 */
export { decodeJwt, verifyJwt, annotateTimes } from './crypto/jwt';
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
 * validates a token response (access_token string; expires_in a number, or a decimal string read leniently —
 * the diagnosis warns with RESPONSE_TYPE_COERCED) and computes `expires_at`.
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
 * `readServerAnswer(response)`: what a server said, normalised from any common error shape
 * (OAuth JSON, bare string, nested, list, RFC 9457 problem+json, form-encoded, text/plain,
 * WWW-Authenticate only, empty, HTML) → `{ status, error?, description?, uri?, shape, challenges, source }`.
 * Linear time; the raw body stays on the response record.
 */
export { readServerAnswer } from './operations/server-answer';
export type { ServerAnswer, AnswerShape } from './operations/server-answer';
/**
 * `introspect(ctx, { token, tokenTypeHint?, jwtResponse? })` (RFC 7662; with
 * `jwtResponse` the RFC 9701 signed response is verified against the issuer's JWKS,
 * result in `exchange.jwt`), `revoke(ctx, { token, tokenTypeHint? })` (RFC 7009; success is
 * `{ accepted, status, note }` — 200 does not prove revocation, the note says to introspect;
 * a failure says the token may still be active), `userinfo(ctx, { accessToken })`.
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
export type { IntrospectParams, RevokeParams, UserinfoParams, IntrospectionExchange, RevocationResult } from './operations/endpoints';
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

// ── sender-constrained tokens: DPoP, mTLS, certificate credentials; API calls ──
/**
 * DPoP (RFC 9449). A profile's `dpop` mode (`off` default | `auto`: when the server
 * advertises `dpop_signing_alg_values_supported` | `always`; {@link dpopActive}) makes
 * EVERY token endpoint request (each grant, refresh, device poll, code redemption) carry
 * a fresh proof signed with `ClientSecrets.dpopKey` (PEM or private JWK; ES256 by
 * default, `profile.dpopAlg` otherwise); the authorization code flow also sends
 * `dpop_jkt`. A `use_dpop_nonce` answer (400 at the AS, 401 `WWW-Authenticate: DPoP` at
 * an API) gets exactly one retry, re-prepared: a new proof carrying the nonce AND a new
 * client assertion; `exchange.dpop` = `{ jkt, proof (decoded), nonceChallenge? }`.
 * Keep one {@link DpopNonces} per session in `CallContext.dpopNonces` so the latest
 * `DPoP-Nonce` of each server origin is reused. `generateDpopKey(alg?)` →
 * `{ privateKeyPem, alg, jkt }`; `createDpopProof` signs one proof (`htu` without query
 * or fragment, `ath` for a token); `dpopCacheId(profileId)` is the KeyCache slot of a
 * profile's DPoP key (evict it when the key changes).
 */
export { dpopActive, generateDpopKey, loadDpopKey, dpopCacheId } from './dpop/mode';
export { createDpopProof, htuOf, accessTokenHash, dpopJkt } from './dpop/proof';
export type { DpopProofOptions } from './dpop/proof';
export { DpopNonces } from './dpop/nonces';
export { isDpopTokenType } from './dpop/apply';
/**
 * mTLS (RFC 8705). {@link usesMtls}: `tls_client_auth`, `self_signed_tls_client_auth`, or
 * `profile.mtls: true` (certificate-bound tokens with another method). Such a client
 * presents its certificate (`ClientSecrets.clientCertificate` + `clientCertificateKey`
 * [+ `clientCertificatePassphrase`], or `clientPkcs12` base64 + passphrase) on EVERY
 * request it sends, through a dispatcher built from `HttpOptions.dispatcherOptions` (same
 * proxy and CA; one per certificate, cached), and uses the metadata's
 * `mtls_endpoint_aliases` ({@link resolveEndpoints}). `loadClientCertificate(secrets)` →
 * {@link ClientCertificate} (`info`: subject DN in RFC 4514 order — what
 * `tls_client_auth_subject_dn` must say —, SANs, validity, `x5tS256`, `x5t`); it throws
 * KeyError CERT_MALFORMED | CERT_KEY_MISMATCH | KEY_ENCRYPTED. `certificateInfo(x509)`
 * describes any certificate. PKCS#12 is opened with node-forge.
 */
export { usesMtls, TLS_AUTH_METHODS } from './mtls/use';
export { loadClientCertificate, certificateInfo, certificateThumbprints, parseCertificateChain } from './mtls/certificate';
export type { CheckedCertificate, ClientCertificate, CertificateInfo } from './mtls/certificate';
export { splitPemBundle } from './mtls/pem-bundle';
/** `certificateFacts(secrets)`: non-secret facts (subject, validity, x5t#S256, key match) of the stored certificates, for `KeyFacts`. */
export { certificateFacts } from './mtls/facts';
/**
 * Certificate credentials for `private_key_jwt` (Entra ID): with
 * `ClientSecrets.signingCertificate` the assertion header carries `x5t#S256` and/or `x5t`
 * per `profile.assertionCertificateHeader` ({@link certificateHeaderMode}: `both` by
 * default for login.microsoftonline.com, else `none`); a certificate of another key is
 * refused (CERT_KEY_MISMATCH). `selfSignedCertificate(rsaPrivateKeyPem, { commonName,
 * days? })` → `{ pem, info }` to upload for a generated RSA key pair.
 */
export { certificateHeaderMode, certificateHeaderParams, isEntraIssuer } from './mtls/signing-certificate';
export { selfSignedCertificate } from './mtls/self-signed';
/**
 * Sender-constrained tokens: `exchange.binding` lists each `cnf` member of an
 * introspection result or a JWT access token (`jkt`, `x5t#S256`) with the client's own
 * thumbprint and whether they match. `accessTokenCnf(token)` reads a JWT's `cnf`.
 */
export { bindingChecks, accessTokenCnf } from './binding/confirmation';
/**
 * `callApi(ctx, { method?, url, headers?, body?, accessToken, tokenType? })`: an API
 * request with the client's token — `Bearer`, or for `tokenType` DPoP `Authorization:
 * DPoP` + a proof with `ath` (nonce retry as above) — resolving an Exchange (`operation:
 * 'api'`, `result` `{ status, json? | text? }` for 2xx, `error` from WWW-Authenticate or
 * the body otherwise). A 401 naming `resource_metadata` gets the RFC 9728 document
 * fetched without credentials and checked (its `resource` must be the API called):
 * `exchange.resourceMetadata` = `{ url, metadata? , problem? }`. `apiRequest(p)` is the
 * pure request (previews). Every credentialed send, API calls included, passes
 * `CallContext.beforeCredentialedSend` first.
 */
export { callApi, apiRequest } from './operations/api';
export type { CallApiParams, ApiResult } from './operations/api';
export { fetchResourceMetadata, resourceMatches } from './operations/resource-metadata';

/**
 * Redaction by value and by shape (SECURITY.md 19).
 * - `redactExchange(e, scrubber?)`: a copy safe to store/log/show — secret request values
 *   become placeholders (`<client_secret>`, `Basic <client_credentials>`); the exchange's
 *   own secrets (plus those of `scrubber`) are masked by value in every encoding wherever
 *   the server echoed them; secret-named fields in any spelling and every JWT-shaped
 *   value are masked; token values keep their first 6 characters. Idempotent.
 * - `Scrubber.of(secrets)`: the scrubber of one call; `.plain(text)` for messages,
 *   `.text(body)`, `.json(value)`. `clientSecrets(secrets)` / `callSecrets(...)` list a
 *   call's secrets by value.
 * - `maskSecretsInText(text)`: fields and JWT-shaped values only (no call secrets).
 * All run in linear time (SECURITY.md 18).
 */
export {
  redactExchange,
  redactRequest,
  redactResponse,
  redactError,
  maskToken,
  maskSecretsInText,
  Scrubber,
  clientSecrets,
  callSecrets,
  scrubberFor,
  maskJson,
} from './redaction';
export type { SecretValue } from './redaction';

// ── curl import/export ─────────────────────────────────────────────────
/**
 * `toCurl(exchange | request, { reveal? })`: a shell-safe curl command; secrets become `"$CLIENT_SECRET"`-style variables unless revealed.
 * `placeholderVariable(name)`: the variable a secret parameter becomes (`client_secret` → `CLIENT_SECRET`).
 */
export { toCurl, placeholderVariable } from './curl/to-curl';
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
 * `diagnose({ draft?, exchange?, profile?, metadata?, endpoint?, localNowSeconds?, key?, recentSuccesses? })` →
 * {@link Finding}[] sorted by severity, then rank (most likely cause first). Preflight rules
 * run on the draft (or `exchange.request`): client authentication vs the profile (the
 * introspection-with-only-client_id origin story), assertion claims and header, metadata
 * support, request shape, http/origin, provider expectations. After-response rules run on
 * `exchange.response`/`error`: `invalid_client` with ranked causes and a one-click
 * `switch-audience` action, other OAuth errors, introspection `active: false`, clock skew
 * from the `Date` header, WWW-Authenticate, 3xx, HTML, 429/503. Evidence never contains a
 * secret value. Every code is listed in {@link FINDINGS} and docs/FINDINGS.md.
 * Errors are read in any common shape (see `readServerAnswer`); the causes of an
 * invalid_client carry `basis` — the server's own words (a phrase catalogue with sources,
 * a challenge) first, then evidence from the request, then guesses. `recentSuccesses`
 * (the same client's recent successful calls, from the shell's history) drops or demotes
 * causes they rule out.
 * `providerHints(issuer)`: Okta / Entra ID / Auth0 / Keycloak expectations with doc links.
 * `draftFromRequest(record)`: the draft view of a prepared or sent request.
 */
export { diagnose, sortFindings, providerHints, detectProvider, FINDINGS, BASIS_LABEL, draftFromRequest } from './diagnose';
/** `operationEndpoint(op)`: the endpoint an operation calls (`client_credentials` → `token`), for a {@link RecentSuccess}. */
export { operationEndpoint } from './diagnose';
/** Findings as plain text — the one formatter of the extension's log and the CLI: `findingLines(f)`, `formatFindings(list)`. */
export { findingLines, formatFindings } from './diagnose';
export type {
  DiagnoseInput,
  RecentSuccess,
  CauseBasis,
  Finding,
  FindingAction,
  FindingCode,
  Severity,
  DraftRequest,
  DraftBodyFormat,
  KeyFacts,
  CertificateFacts,
  ProviderInfo,
  ProviderKind,
} from './diagnose';
