/**
 * OAuth Workbench core — the public surface.
 *
 * Pure TypeScript: never imports `vscode`. Everything not exported here is internal.
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
/**
 * `createDispatcher({ proxy?, noProxy?, strictSSL?, ca?, connectMs? })`: an undici dispatcher
 * for `HttpOptions.dispatcher` — explicit proxy or HTTPS_PROXY/HTTP_PROXY with NO_PROXY,
 * extra CA certificates added to Node's roots, TLS strictness for this dispatcher only
 * (never process-wide).
 */
export { createDispatcher } from './http/dispatcher';
export type { DispatcherOptions } from './http/dispatcher';
/**
 * `assertSafeUrl(url, allowInsecureHttp?)`: throws ConfigError CONFIG_INSECURE_HTTP unless the
 * URL is https, or http to loopback (127.0.0.0/8, ::1, localhost), or insecure http is allowed.
 */
export { assertSafeUrl, isLoopbackHost } from './http/safe-url';
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
/** Per-profile cache of imported keys (keyed by profile id + hash of the material; never re-parsed per request). */
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
/** PKCE S256 pair (`createPkce`) and unguessable `state`/`nonce` values (`randomState`). */
export { createPkce, randomState, s256Challenge } from './crypto/pkce';

// ── discovery, client authentication, operations ───────────────────────

// ── curl import/export ─────────────────────────────────────────────────

// ── diagnosis ──────────────────────────────────────────────────────────
