/**
 * Finding shapes and the catalogue of every finding code: default severity, what
 * it means and the generic fix. Codes are a public contract (tests, UI, docs/FINDINGS.md);
 * never rename one. `causeRank` orders the likely causes of an `invalid_client`
 * (lower = more likely to be the reason the server refused the client).
 */

/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info';

/** A one-click fix the shell can offer for a finding. */
export interface FindingAction {
  kind:
    | 'switch-audience'
    | 'add-client-assertion'
    | 'use-profile-auth'
    | 'set-auth-method'
    | 'set-signing-alg'
    | 'retry'
    | 'retry-later'
    | 'open-docs'
    | 'sync-clock'
    | 'use-https'
    | 'use-endpoint'
    | 'add-pkce'
    | 'remove-param'
    | 'add-param'
    | 'introspect-token'

    /** Turn DPoP on for the profile: `args.dpop` = `always`. */
    | 'set-dpop-mode'
    /** Add a client for the authorization server an API names (RFC 9728): `args.issuer`, `args.scope`. */
    | 'add-client';
  /** Button text, e.g. "Switch audience to endpoint URL". */
  label: string;
  /** Arguments for the action, e.g. `{ audience: 'endpoint' }`. Never a secret. */
  args?: Record<string, string>;
}

/**
 * One diagnosis result. `evidence` quotes the exact request parts and metadata
 * fields involved, never a secret value (`<client_assertion: 812 chars>` or decoded
 * claims instead).
 */
export interface Finding {
  severity: Severity;
  /** Stable code, e.g. `AUTH_METHOD_MISMATCH`; listed in docs/FINDINGS.md. */
  code: FindingCode;
  title: string;
  evidence: string[];
  fix: string;
  docs?: string;
  action?: FindingAction;
  /** Order among findings of the same severity; lower first (most likely cause). */
  rank?: number;
  /**
   * For a cause of a failure: what it rests on — the server's own words (its
   * error_description, a challenge), evidence from the request, or a guess.
   */
  basis?: CauseBasis;
}

/** What a cause rests on, most reliable first. */
export type CauseBasis = 'server' | 'request' | 'guess';

/** Human label of a {@link CauseBasis}. */
export const BASIS_LABEL: Record<CauseBasis, string> = {
  server: "the server's own words",
  request: 'evidence from the request',
  guess: 'a guess',
};

interface CatalogueEntry {
  severity: Severity;
  /** Which phase produces it. */
  phase: 'preflight' | 'after-response' | 'provider';
  meaning: string;
  fix: string;
  causeRank?: number;
  docs?: string;
}

const RFC7523 = 'https://www.rfc-editor.org/rfc/rfc7523#section-3';
const OIDC_AUTH = 'https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication';
const RFC6749_ERR = 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2';
const RFC9449 = 'https://www.rfc-editor.org/rfc/rfc9449';
const RFC8705 = 'https://www.rfc-editor.org/rfc/rfc8705';
const OKTA_DPOP = 'https://developer.okta.com/docs/guides/dpop/nonoktaresourceserver/main/';
const ENTRA_CERTS = 'https://learn.microsoft.com/entra/identity-platform/certificate-credentials';

/** Every finding code with its default severity, meaning and generic fix. */
export const FINDINGS = {
  // ── client authentication (preflight) ──────────────────────────────────
  CLIENT_AUTH_MISSING: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 2,
    docs: OIDC_AUTH,
    meaning: 'The request goes to an endpoint that authenticates the client, but carries no client identification at all.',
    fix: 'Add the client authentication the client is registered for (Basic header, client_secret, or client_assertion + client_assertion_type).',
  },
  MULTIPLE_AUTH_METHODS: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 3,
    docs: OIDC_AUTH,
    meaning:
      'The request authenticates the client in two ways at once (e.g. a Basic header and a client_secret or client_assertion in the body). Servers must reject that.',
    fix: 'Keep exactly one client authentication method: the one the client is registered for.',
  },
  AUTH_METHOD_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 4,
    docs: OIDC_AUTH,
    meaning:
      "The request authenticates the client differently from the profile's method, e.g. introspection with only client_id for a private_key_jwt client. Every endpoint that authenticates the client (token, introspection, revocation, PAR, device authorization) needs the same client authentication.",
    fix: 'Send the same client authentication you send to the token endpoint (for JWT methods: a freshly signed client_assertion plus client_assertion_type).',
  },
  ASSERTION_TYPE_MISSING: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 5,
    docs: RFC7523,
    meaning: 'client_assertion is sent without client_assertion_type.',
    fix: 'Add client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer to the body.',
  },
  ASSERTION_TYPE_WRONG: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 5,
    docs: RFC7523,
    meaning:
      'client_assertion_type has a value other than urn:ietf:params:oauth:client-assertion-type:jwt-bearer (often the grant type URN by mistake).',
    fix: 'Set client_assertion_type to exactly urn:ietf:params:oauth:client-assertion-type:jwt-bearer.',
  },
  ASSERTION_MISSING: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 5,
    docs: RFC7523,
    meaning: 'client_assertion_type is sent but client_assertion is missing or empty.',
    fix: 'Add the signed client_assertion JWT, or remove client_assertion_type.',
  },
  ASSERTION_MALFORMED: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 6,
    docs: RFC7523,
    meaning: 'client_assertion is not a compact JWT (three base64url parts) that can be decoded.',
    fix: 'Send the signed JWT itself (header.payload.signature), not a key, a secret, or a quoted/escaped string.',
  },
  ASSERTION_ALG_NONE: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 6,
    docs: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1',
    meaning: 'The client assertion is unsigned (alg "none"). No server accepts that.',
    fix: 'Sign the assertion with the key or secret registered for the client (RS256/ES256/PS256/EdDSA for private_key_jwt, HS256 for client_secret_jwt).',
  },
  CLIENT_ID_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 7,
    meaning: 'Different client ids appear in the request (body, Basic header, assertion) or they differ from the profile.',
    fix: "Use the profile's client_id everywhere: client_id parameter, Basic user name, assertion iss and sub.",
  },
  ASSERTION_ISS_SUB_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 8,
    docs: RFC7523,
    meaning: "The client assertion's iss or sub is not the client_id.",
    fix: 'Set both iss and sub of the assertion to the client_id.',
  },
  ASSERTION_EXPIRED: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 9,
    docs: RFC7523,
    meaning: 'The client assertion has already expired (exp is in the past), for example because it was copied from an earlier request.',
    fix: 'Sign a fresh assertion for every request; never reuse one.',
  },
  ASSERTION_MISSING_CLAIM: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 10,
    docs: RFC7523,
    meaning: 'The client assertion lacks a claim servers require: iss, sub, aud, exp or jti.',
    fix: 'Include iss = sub = client_id, aud, exp (about 60 s ahead) and a fresh random jti.',
  },
  ASSERTION_AUD_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 11,
    docs: RFC7523,
    meaning:
      "The client assertion's aud is not a value this server accepts (the issuer, the token endpoint, or the URL of the endpoint being called, depending on the server).",
    fix: 'Set aud to the value the server expects; for Okta the full URL of the endpoint being called, for Entra ID the token endpoint, for Auth0 the issuer with its trailing slash.',
  },
  ASSERTION_NOT_YET_VALID: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 12,
    meaning: "The client assertion's iat or nbf lies more than 30 s in the future: the signing clock runs ahead.",
    fix: 'Synchronise the clock of the machine that signs the assertion (NTP).',
  },
  ASSERTION_STALE: {
    severity: 'warning',
    phase: 'preflight',
    causeRank: 13,
    meaning:
      'The client assertion was issued more than 60 s before the request: it looks copied from an earlier request. Servers reject a jti they have seen before.',
    fix: 'Sign a new assertion (new jti, new iat/exp) for this request.',
  },
  AUTH_METHOD_UNSUPPORTED: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 14,
    meaning:
      "The client authentication method is not listed in the endpoint's *_auth_methods_supported metadata (introspection_ and revocation_ fall back to token_endpoint_auth_methods_supported).",
    fix: 'Use one of the methods the server lists, and register the client for it.',
  },
  SIGNING_ALG_UNSUPPORTED: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 15,
    meaning: "The assertion's signing algorithm is not listed in the endpoint's *_auth_signing_alg_values_supported metadata.",
    fix: 'Sign with one of the algorithms the server lists (and that matches your key).',
  },
  ASSERTION_ALG_KEY_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 16,
    meaning:
      'The assertion algorithm does not fit the method or key: an HS* algorithm for private_key_jwt, an asymmetric one for client_secret_jwt, or e.g. ES256 with an RSA key.',
    fix: 'private_key_jwt signs with the private key (RS*/PS* for RSA, ES* for EC, EdDSA for Ed25519); client_secret_jwt signs with the client secret (HS*).',
  },
  HS_SECRET_TOO_SHORT: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 17,
    docs: 'https://www.rfc-editor.org/rfc/rfc7518#section-3.2',
    meaning: 'The client secret is shorter than the HMAC algorithm needs (32 bytes for HS256, 48 for HS384, 64 for HS512).',
    fix: 'Ask the provider for a longer client secret, or pick an HMAC algorithm that fits the secret length.',
  },
  BASIC_AUTH_MALFORMED: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 7,
    docs: 'https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1',
    meaning: 'The Authorization: Basic header is not base64 of "client_id:client_secret" (missing colon, empty secret, or not base64).',
    fix: 'Send Authorization: Basic base64(urlencode(client_id) + ":" + urlencode(client_secret)).',
  },
  BASIC_AUTH_NOT_FORM_ENCODED: {
    severity: 'warning',
    phase: 'preflight',
    causeRank: 18,
    docs: 'https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1',
    meaning:
      'The client id or secret in the Basic header contains characters (+, %, :, ...) that were not form-encoded before base64; servers following RFC 6749 decode them and see a different secret.',
    fix: 'Form-encode client_id and client_secret before joining them with ":" and base64-encoding, or use client_secret_post.',
  },
  ASSERTION_LIFETIME_TOO_LONG: {
    severity: 'warning',
    phase: 'preflight',
    causeRank: 19,
    meaning:
      'The client assertion is valid for more than 5 minutes. Auth0 accepts at most 5 minutes, Okta at most 1 hour; short lifetimes are the norm.',
    fix: 'Set exp about 60 s after iat.',
  },
  ASSERTION_MISSING_KID: {
    severity: 'warning',
    phase: 'preflight',
    causeRank: 20,
    meaning:
      'The private_key_jwt assertion has no kid header: a server holding several keys for the client cannot tell which one to verify with.',
    fix: 'Put the kid of the registered public key (usually its RFC 7638 thumbprint) in the assertion header.',
  },
  SECRET_IN_QUERY: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 21,
    meaning:
      'A credential (client_secret, client_assertion, token, ...) is in the URL query string. Servers ignore it there, and URLs end up in logs.',
    fix: 'Move the parameter into the form-encoded POST body.',
  },
  CLIENT_ID_IN_QUERY: {
    severity: 'warning',
    phase: 'preflight',
    causeRank: 40,
    meaning:
      'client_id is in the URL query string. That does nothing for client authentication: the server only reads the body and the Authorization header.',
    fix: 'Remove client_id from the URL and authenticate the client in the body or header.',
  },
  // ── request shape (preflight) ─────────────────────────────────────────
  CURL_GLUED_CONTINUATION: {
    severity: 'warning',
    phase: 'preflight',
    meaning:
      "A pasted curl command ends a line with a backslash right after a quote (`'…/introspect'\\`) and the next line starts with an option: bash glues the two into one word, so curl calls the URL with the option's name appended and treats the option's value as a second URL. The workbench read them apart, as meant.",
    fix: "Put a space before the backslash at the end of the line (`'…/introspect' \\`), so curl sees the URL and the option separately.",
  },
  WRONG_HTTP_METHOD: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 22,
    meaning: 'Token, introspection, revocation, PAR and device endpoints only accept POST.',
    fix: 'Send the request with POST and a form-encoded body.',
  },
  BODY_NOT_FORM_ENCODED: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 22,
    docs: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2',
    meaning: 'The body is JSON or multipart; OAuth endpoints read only application/x-www-form-urlencoded bodies.',
    fix: 'Send the parameters as Content-Type: application/x-www-form-urlencoded (curl -d name=value, or --data-urlencode).',
  },
  GRANT_TYPE_MISSING: {
    severity: 'error',
    phase: 'preflight',
    meaning: 'A token request without grant_type.',
    fix: 'Add grant_type (client_credentials, authorization_code, refresh_token, ...).',
  },
  GRANT_TYPE_UNSUPPORTED: {
    severity: 'error',
    phase: 'preflight',
    meaning: "The grant_type is not listed in the server's grant_types_supported.",
    fix: 'Use a grant type the server supports, or enable it at the provider.',
  },
  TOKEN_PARAM_MISSING: {
    severity: 'error',
    phase: 'preflight',
    meaning: 'An introspection or revocation request without the token parameter.',
    fix: 'Add token=<the access or refresh token> to the body.',
  },
  PKCE_MISSING: {
    severity: 'warning',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1',
    meaning:
      'An authorization code request or code exchange without PKCE (code_challenge / code_verifier). Many servers require it, and RFC 9700 recommends it for every client.',
    fix: 'Send code_challenge (S256) on the authorization request and the matching code_verifier on the token request.',
  },
  INSECURE_HTTP: {
    severity: 'error',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc6749#section-3.2',
    meaning: 'The endpoint uses plain http: to a host that is not loopback; credentials would travel unencrypted.',
    fix: 'Use the https:// URL of the endpoint.',
  },
  ENDPOINT_ORIGIN_MISMATCH: {
    severity: 'warning',
    phase: 'preflight',
    meaning:
      "The endpoint's origin differs from the issuer's. Sometimes legitimate, often a copy-paste from another tenant or environment, and credentials should only go where they were issued.",
    fix: 'Check the URL belongs to the same provider and tenant as the issuer (use the URL from discovery).',
  },
  PLACEHOLDER_VALUES: {
    severity: 'warning',
    phase: 'preflight',
    meaning: 'Some values are still placeholders such as {clientId} or <token>.',
    fix: 'Replace the placeholders with real values (or use the profile, which fills them in).',
  },
  TOKEN_EXPIRED: {
    severity: 'warning',
    phase: 'preflight',
    meaning: 'The token sent (a decodable JWT) has already expired per its exp claim.',
    fix: 'Get a new token (or use the refresh token) and send that one.',
  },
  TOKEN_OTHER_ISSUER: {
    severity: 'warning',
    phase: 'preflight',
    meaning:
      "The token sent was issued by a different issuer than the server being called (e.g. Okta's org server vs a custom authorization server).",
    fix: 'Send the token to the authorization server that issued it (its iss claim).',
  },
  SCOPE_NOT_ADVERTISED: {
    severity: 'info',
    phase: 'preflight',
    meaning: "A requested scope is not in the server's scopes_supported (servers may hide some, so this is only a hint).",
    fix: 'Check the scope name against the scopes defined at the provider.',
  },
  ENDPOINT_UNKNOWN: {
    severity: 'info',
    phase: 'preflight',
    meaning: 'The diagnosis could not tell which endpoint the URL is (token, introspection, ...); endpoint-specific checks were skipped.',
    fix: 'Pick a profile whose discovery lists this URL, or use the standard endpoint path.',
  },
  // ── after the response ─────────────────────────────────────────────────
  INVALID_CLIENT: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning:
      'The server refused to authenticate the client (invalid_client). Servers do not say why; the likely causes are listed, most likely first.',
    fix: 'Work through the ranked causes, starting with the first.',
  },
  INVALID_CLIENT_TRY_OTHER_AUDIENCE: {
    severity: 'warning',
    phase: 'after-response',
    causeRank: 30,
    meaning: 'The assertion looked well-formed, so the server may expect a different aud (issuer vs endpoint URL vs token endpoint).',
    fix: 'Retry with the other audience mode (one click).',
  },
  INVALID_CLIENT_KEY_NOT_REGISTERED: {
    severity: 'warning',
    phase: 'after-response',
    causeRank: 32,
    meaning:
      "The server may not know the signing key: the public key is not registered for the client, or the kid differs from the registered one. The client's keys are not public, so this cannot be checked from here.",
    fix: "Compare the kid and the public key with the client's registration (re-upload the public JWK if needed).",
  },
  INVALID_CLIENT_WRONG_SECRET: {
    severity: 'warning',
    phase: 'after-response',
    causeRank: 32,
    meaning: 'The client secret may be wrong, rotated or expired.',
    fix: "Copy the current secret from the provider's client settings (watch for trailing spaces).",
  },
  INVALID_CLIENT_UNKNOWN_CLIENT: {
    severity: 'warning',
    phase: 'after-response',
    causeRank: 34,
    meaning: 'The client_id may not exist at this server (another tenant, environment or authorization server).',
    fix: 'Check that the client is registered at this issuer.',
  },
  UNAUTHORIZED_CLIENT: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning: 'The client authenticated but is not allowed to use this grant type (or endpoint).',
    fix: "Enable the grant type for the client in the provider's client settings.",
  },
  INVALID_GRANT: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning:
      'The grant (code, refresh token, assertion, device code, subject token) was rejected: expired, already used, revoked, issued to another client, redirect_uri or PKCE verifier mismatch.',
    fix: 'Start the flow again to get a fresh code or token; send the same redirect_uri and the matching code_verifier.',
  },
  INVALID_SCOPE: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning: 'A requested scope is unknown or not allowed for this client.',
    fix: 'Request only scopes defined at this authorization server and granted to the client.',
  },
  INVALID_REQUEST_ASSERTION: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC7523,
    meaning:
      'invalid_request about the client assertion format (not a JWT, missing client_assertion_type, wrong type value, client_id mismatch).',
    fix: 'Send client_assertion as a compact JWT and client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer.',
  },
  INVALID_REQUEST: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning: 'The server says a parameter is missing, duplicated or malformed (its error_description names it).',
    fix: 'Fix the parameter named in error_description.',
  },
  UNSUPPORTED_GRANT_TYPE: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning: 'The server does not support this grant_type at all.',
    fix: "Check the spelling of grant_type and the server's grant_types_supported.",
  },
  UNSUPPORTED_TOKEN_TYPE: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1',
    meaning:
      'The server cannot introspect or revoke this kind of token; some servers (oidc-provider among them) cannot introspect or revoke structured JWT access tokens.',
    fix: 'For JWT access tokens, validate them locally against the JWKS instead; or request opaque tokens.',
  },
  OAUTH_ERROR: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC6749_ERR,
    meaning: 'Another OAuth error response; its error and error_description are quoted.',
    fix: 'Follow the error_description.',
  },
  TOKEN_INACTIVE: {
    severity: 'warning',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc7662#section-2.2',
    meaning:
      'Introspection answered active: false: the token is expired, revoked, unknown to this server (other issuer), or not visible to the introspecting client. The server does not say which.',
    fix: 'Check the listed causes: expiry, issuer, revocation, and whether this client may introspect the token.',
  },
  WWW_AUTHENTICATE: {
    severity: 'info',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc6750#section-3',
    meaning: 'The 401 response carries a WWW-Authenticate header; its scheme and error say what the server wanted.',
    fix: 'Authenticate with the scheme the header names; its error_description often names the problem.',
  },
  CLOCK_SKEW: {
    severity: 'warning',
    phase: 'after-response',
    meaning:
      "The server's Date header differs from the local clock by more than 30 s; time-based claims (exp, iat, nbf) will be judged differently.",
    fix: 'Synchronise the local clock (NTP).',
  },
  ASSERTION_CLOCK_SKEW: {
    severity: 'error',
    phase: 'after-response',
    causeRank: 12,
    meaning:
      "Judged by the server's Date header, the client assertion was issued in the future or had already expired (by more than 30 s).",
    fix: 'Synchronise the clock of the machine that signs the assertion, and sign a fresh one per request.',
  },
  REDIRECT_REFUSED: {
    severity: 'error',
    phase: 'after-response',
    meaning:
      'The endpoint answered with a redirect (3xx). Credentialed requests are never followed to another URL; the URL is probably wrong (http vs https, missing path, trailing slash).',
    fix: 'Use the exact endpoint URL from discovery (the redirect target is quoted, check it is the same provider).',
  },
  HTML_RESPONSE: {
    severity: 'error',
    phase: 'after-response',
    meaning: 'The server answered with an HTML page instead of JSON: wrong URL, a login page, a proxy or API gateway error page.',
    fix: 'Check the endpoint URL and any proxy between you and the provider.',
  },
  RESPONSE_NOT_JSON: {
    severity: 'error',
    phase: 'after-response',
    meaning: 'The body is not JSON, although OAuth endpoints answer JSON.',
    fix: 'Check the endpoint URL; the quoted excerpt shows what answered.',
  },
  RATE_LIMITED: {
    severity: 'warning',
    phase: 'after-response',
    meaning: 'The server is rate limiting (429) or unavailable (503); Retry-After says when to try again.',
    fix: 'Wait for the Retry-After time, then retry (each retry signs a new assertion).',
  },
  SERVER_ERROR: {
    severity: 'error',
    phase: 'after-response',
    meaning: 'The server failed (5xx). Usually not caused by the request.',
    fix: "Retry later; if it persists, check the provider's status page.",
  },
  TRANSPORT_FAILED: {
    severity: 'error',
    phase: 'after-response',
    meaning: 'No HTTP response: connection refused, DNS, TLS, timeout, cancelled, or the response was too large.',
    fix: 'Check the host name, network, proxy and TLS settings; the error message names the failing layer.',
  },
  SERVER_STATED_CAUSE: {
    severity: 'error',
    phase: 'after-response',
    causeRank: 1,
    meaning:
      "The server's own words (error_description, or an Entra AADSTS code) name the cause, matched against a catalogue of phrases from Okta, Entra ID, Keycloak, Auth0, Spring Security, oidc-provider and node-oauth2-server, each with its source. It outranks every guess.",
    fix: 'Do what the server names (the fix is specific to the phrase).',
  },
  CHALLENGE_SCHEME_MISMATCH: {
    severity: 'warning',
    phase: 'after-response',
    causeRank: 24,
    docs: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
    meaning:
      'The 401 challenge (WWW-Authenticate) asks for HTTP Basic client authentication, but the request authenticated the client another way; the server may not read that method at all.',
    fix: 'If the client has a secret, send it as client_secret_basic; otherwise check which client authentication methods the server supports.',
  },
  ENDPOINT_NOT_FOUND: {
    severity: 'error',
    phase: 'after-response',
    meaning: 'The server answered 404: there is no endpoint at this URL (wrong path, wrong authorization server, missing tenant or realm).',
    fix: "Use the exact endpoint URL from the server's discovery document.",
  },
  ENDPOINT_PATH_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    causeRank: 23,
    meaning:
      "The URL is on the client's server (same origin) but its path differs from the client's endpoint of that kind — e.g. Okta's org authorization server /oauth2/v1/… instead of the custom server /oauth2/default/v1/…. Each authorization server knows only its own clients and tokens.",
    fix: "Call the client's own endpoint URL (from discovery or the profile).",
  },
  RESPONSE_TYPE_COERCED: {
    severity: 'warning',
    phase: 'after-response',
    meaning:
      'The server sent a number or boolean as a string ("expires_in": "3600", "active": "true"). It was read leniently; RFC 6749 §5.1 and RFC 7662 §2.2 require JSON numbers and booleans, and stricter clients reject it.',
    fix: 'Nothing to do here; report it to the server owner if other clients fail on it.',
  },
  REVOCATION_UNCONFIRMED: {
    severity: 'info',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc7009#section-2.2',
    meaning:
      'The server accepted the revocation request (HTTP 200). That does not prove the token was revoked: RFC 7009 answers 200 for unknown or already invalid tokens, and some servers answer 200 when client authentication failed.',
    fix: 'Introspect the token: active: false confirms the revocation.',
  },
  METADATA_NO_ISSUER: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc8414#section-3.2',
    meaning:
      'The discovery document has no "issuer": it is not RFC 8414 / OpenID Connect metadata (or a proxy answered), so its endpoints cannot be trusted for this issuer.',
    fix: "Set the client's endpoint URLs by hand (endpoint overrides in the profile), or use the issuer URL whose metadata names itself as issuer.",
  },
  // ── provider hints ────────────────────────────────────────────────────
  PROVIDER_OKTA_ORG_SERVER: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://developer.okta.com/docs/concepts/auth-servers/',
    meaning:
      "The issuer is Okta's org authorization server (no /oauth2/<id> in the path). Its access tokens are for Okta's own APIs only; your APIs cannot validate them.",
    fix: 'For your own APIs use a custom authorization server: https://<your-okta-domain>/oauth2/default (or /oauth2/<id>).',
  },
  PROVIDER_OKTA_ASSERTION_AUD: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/client-auth',
    meaning:
      'Okta requires the client assertion aud to be the full URL of the endpoint being called (…/v1/token for tokens, …/v1/introspect for introspection).',
    fix: 'Use the audience mode "endpoint URL".',
  },
  PROVIDER_OKTA_SAME_CLIENT_AUTH: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/client-auth',
    meaning:
      'Okta requires the same client authentication at /introspect and /revoke as at /token; client_id alone is refused for confidential clients.',
    fix: 'Send client_assertion + client_assertion_type (or the secret) to every endpoint.',
  },
  PROVIDER_OKTA_SCOPE_REQUIRED: {
    severity: 'warning',
    phase: 'provider',
    docs: 'https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/',
    meaning:
      'A client credentials request to an Okta custom authorization server without scope: unless the server has default scopes, Okta refuses it (invalid_scope).',
    fix: 'Add scope=<a custom scope defined on this authorization server>.',
  },
  PROVIDER_ENTRA_ASSERTION_AUD: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://learn.microsoft.com/entra/identity-platform/certificate-credentials',
    meaning:
      'Microsoft Entra ID expects the client assertion aud to be the token endpoint https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.',
    fix: 'Use the audience mode "token endpoint".',
  },
  PROVIDER_ENTRA_SCOPE_DEFAULT: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
    meaning:
      'For client credentials, Entra ID requires scope=<resource>/.default (e.g. https://graph.microsoft.com/.default or api://<app-id>/.default).',
    fix: 'Set scope to the resource identifier followed by /.default.',
  },
  PROVIDER_ENTRA_NO_INTROSPECTION: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://learn.microsoft.com/entra/identity-platform/access-tokens',
    meaning: 'Entra ID has no token introspection endpoint; its access tokens are JWTs that the API validates itself.',
    fix: "Validate the token locally against the tenant's JWKS (Decode/verify JWT) instead of introspecting.",
  },
  PROVIDER_AUTH0_AUDIENCE_PARAM: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow',
    meaning: 'Auth0 needs the audience parameter (the API identifier) to issue an access token for your API.',
    fix: 'Add audience=<your API identifier> to the token request.',
  },
  PROVIDER_AUTH0_ASSERTION_AUD: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt',
    meaning:
      'Auth0 expects the client assertion aud to be the tenant URL with the trailing slash (https://<tenant>.auth0.com/), and a lifetime of at most 5 minutes.',
    fix: 'Use the audience mode "issuer" (the issuer already ends with /).',
  },
  PROVIDER_KEYCLOAK_ASSERTION_AUD: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://www.keycloak.org/docs/latest/server_admin/#_client-credentials',
    meaning: 'Keycloak accepts the realm issuer URL or the token endpoint as the client assertion aud.',
    fix: 'Use the audience mode "issuer" or "token endpoint".',
  },
  PROVIDER_KEYCLOAK_INTROSPECTION: {
    severity: 'info',
    phase: 'provider',
    docs: 'https://www.keycloak.org/securing-apps/oidc-layers',
    meaning:
      'Keycloak introspects at /realms/<realm>/protocol/openid-connect/token/introspect and needs the client authentication there too.',
    fix: 'Call that URL with the same client authentication as the token request.',
  },
  // ── DPoP (RFC 9449) ────────────────────────────────────────────────────
  DPOP_PROOF_MISSING: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC9449,
    meaning:
      'The token endpoint requires a DPoP proof and the request carried none. Okta answers invalid_dpop_proof "The DPoP proof JWT header is missing."; oidc-provider answers invalid_grant "grant request is invalid" (its log says "DPoP proof JWT not provided").',
    fix: "Turn DPoP on for this client (profile setting dpop: always): every token request then carries a DPoP header with a fresh proof, and the server's nonce is answered automatically.",
  },
  DPOP_PROOF_INVALID: {
    severity: 'error',
    phase: 'after-response',
    docs: RFC9449,
    meaning: 'The server refused the DPoP proof (invalid_dpop_proof) for a reason its description names.',
    fix: 'Send a freshly signed proof for this exact request: typ dpop+jwt, the public jwk, htm = the method, htu = the URL without query and fragment, iat now, a new jti, the server nonce, and ath for a token.',
  },
  DPOP_HTU_QUERY: {
    severity: 'error',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-4.2',
    meaning: "The proof's htu carries a query or fragment; RFC 9449 §4.2 compares it without them, so servers reject it.",
    fix: 'Use the request URL without "?..." and "#..." as htu.',
  },
  DPOP_HTU_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-4.3',
    meaning: "The proof's htm/htu do not name this request (another method or URL): the proof was made for a different request.",
    fix: 'Sign a new proof for each request with its own method and URL.',
  },
  DPOP_IAT_SKEW: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-11.1',
    meaning:
      "The proof's iat is too far from the server's clock (servers accept a window of about a minute), or the proof was reused later.",
    fix: 'Synchronise the local clock (NTP) and sign a fresh proof right before each request; with a server nonce the window matters less.',
  },
  DPOP_ALG_UNSUPPORTED: {
    severity: 'error',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-5.1',
    meaning: 'The proof is signed with an algorithm the server does not list in dpop_signing_alg_values_supported.',
    fix: 'Use a DPoP key and algorithm the server lists (ES256 is the common one): set dpopAlg, or generate a new DPoP key.',
  },
  DPOP_JTI_REUSED: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-11.1',
    meaning:
      "The server has seen this proof's jti before (replay detection): a proof was sent twice, e.g. a retry that resent the old proof.",
    fix: 'Sign a new proof, with a new jti, for every request and every retry.',
  },
  DPOP_NONCE_REQUIRED: {
    severity: 'warning',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-8',
    meaning:
      'The server demands its nonce in the proof (use_dpop_nonce) and the request did not complete with it: the nonce was missing, stale, or the one retry failed too.',
    fix: 'Retry once with the DPoP-Nonce the server just sent, in a NEW proof and with a NEW client assertion (a replayed assertion is refused); the workbench does this automatically.',
  },
  DPOP_ATH_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-4.2',
    meaning: "The proof's ath is not the base64url SHA-256 of the access token the request carries (or is missing).",
    fix: 'Put ath = base64url(SHA-256(access token)) of THIS token in the proof; sign a new proof when the token changes.',
  },
  DPOP_TOKEN_AS_BEARER: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-7.1',
    meaning: 'A DPoP-bound access token (token_type DPoP, cnf.jkt) was sent as a Bearer token; the API refuses it without a proof.',
    fix: 'Send it as "Authorization: DPoP <token>" with a DPoP proof carrying ath (Call API does this for tokens of type DPoP).',
  },
  DPOP_KEY_MISMATCH: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9449#section-6',
    meaning:
      "The token's cnf.jkt is not the thumbprint of this client's DPoP key: the token is bound to another key (a regenerated or other client's key).",
    fix: 'Get a new token with the current DPoP key, or restore the key the token was bound to.',
  },
  // ── mTLS (RFC 8705) and certificates ───────────────────────────────────
  MTLS_NO_CLIENT_CERTIFICATE: {
    severity: 'error',
    phase: 'after-response',
    causeRank: 1,
    docs: RFC8705,
    meaning:
      'The server expected a client certificate on the TLS connection and none arrived (no certificate set, the plain endpoint instead of its mTLS alias, or a TLS-terminating proxy that drops it).',
    fix: "Set the client's certificate and key (or PKCS#12), use the metadata's mtls_endpoint_aliases, and make sure no proxy terminates TLS on the way.",
  },
  MTLS_SUBJECT_MISMATCH: {
    severity: 'error',
    phase: 'after-response',
    causeRank: 1,
    docs: 'https://www.rfc-editor.org/rfc/rfc8705#section-2.1.2',
    meaning:
      'The certificate was presented but its subject (DN or SAN) is not the one registered for the client (tls_client_auth_subject_dn / _san_*), or it is not issued by a CA the server trusts.',
    fix: "Register the certificate's exact subject DN (RFC 4514, as shown) at the server, or present the certificate issued for this client.",
  },
  MTLS_ALIAS_NOT_USED: {
    severity: 'warning',
    phase: 'preflight',
    docs: 'https://www.rfc-editor.org/rfc/rfc8705#section-5',
    meaning:
      'The client presents a certificate, the server lists an mtls_endpoint_aliases entry for this endpoint, and the request goes to the plain endpoint instead (where the server may not ask for certificates).',
    fix: 'Send the request to the alias (remove the profile endpoint override to use it automatically).',
  },
  CERT_KEY_MISMATCH: {
    severity: 'error',
    phase: 'preflight',
    meaning:
      'The certificate and the private key do not belong together (their public keys differ): TLS or the server cannot prove possession.',
    fix: 'Store the key the certificate was issued for (or the certificate of this key).',
  },
  CERT_EXPIRED: {
    severity: 'error',
    phase: 'preflight',
    meaning: 'The client certificate (or the certificate of the signing key) is expired or not yet valid; servers refuse it.',
    fix: 'Issue or upload a new certificate and store it in the profile.',
  },
  ENTRA_CERT_THUMBPRINT_MISSING: {
    severity: 'error',
    phase: 'provider',
    causeRank: 1,
    docs: ENTRA_CERTS,
    meaning:
      'Entra ID finds the certificate of a client assertion by its x5t#S256 (or x5t) header; an assertion with only a kid fails with AADSTS700027 ("The certificate with identifier used to sign the client assertion is not registered").',
    fix: 'Store the certificate you uploaded to the app registration with the private key; assertions then carry x5t#S256 and x5t (assertionCertificateHeader).',
  },
  // ── API calls (WWW-Authenticate of a resource server) ──────────────────
  API_INVALID_TOKEN: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1',
    meaning:
      'The API refused the access token (invalid_token): expired, revoked, issued for another audience/resource, or not a token it understands.',
    fix: "Get a new token for this API (the resource or audience it expects); the API's error_description usually names which.",
  },
  API_TOKEN_EXPIRED: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1',
    meaning: 'The API refused the token because it has expired.',
    fix: 'Refresh the token (or get a new one) and call again.',
  },
  API_INSUFFICIENT_SCOPE: {
    severity: 'error',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1',
    meaning: 'The token is valid but lacks the scope this API operation requires (insufficient_scope); the challenge names the scope.',
    fix: 'Get a token with the scope the API names (and make sure the client is allowed it).',
  },
  API_STEP_UP: {
    severity: 'warning',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9470',
    meaning:
      'The API wants a stronger or more recent user authentication (RFC 9470 insufficient_user_authentication with acr_values / max_age).',
    fix: 'Run the authorization code flow again with the acr_values and max_age the API names, then call it with the new token.',
  },
  API_RESOURCE_METADATA: {
    severity: 'info',
    phase: 'after-response',
    docs: 'https://www.rfc-editor.org/rfc/rfc9728',
    meaning:
      "The API's 401 names its protected resource metadata (RFC 9728): which authorization server(s) issue its tokens and which scopes it knows.",
    fix: 'Get the token from the authorization server the API names, with its scopes — add a client for that server if you have none.',
  },
  // ── provider hints for DPoP and certificates ──────────────────────────
  PROVIDER_OKTA_DPOP: {
    severity: 'info',
    phase: 'provider',
    docs: OKTA_DPOP,
    meaning:
      'Okta "API Services" apps have "Require Demonstrating Proof of Possession (DPoP) header in token requests" on by default; Okta then answers use_dpop_nonce first and wants the nonce in a new proof, with a new client assertion.',
    fix: 'Turn DPoP on for this client (dpop: always), or switch the requirement off in Okta (Applications → General Settings) if the API does not need DPoP.',
  },
  PROVIDER_ENTRA_CERTIFICATE: {
    severity: 'info',
    phase: 'provider',
    docs: ENTRA_CERTS,
    meaning:
      'Entra ID certificate credentials: the assertion is signed with the private key of a certificate uploaded to the app registration and names it by x5t#S256 (PS256) or x5t (RS256); aud is the v2.0 token endpoint.',
    fix: 'Upload the certificate (PEM/CER) to the app registration, store it with the key here, and keep audience = token endpoint.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** Every stable finding code. */
export type FindingCode = keyof typeof FINDINGS;

/** Builds a finding with the catalogue's severity and docs unless overridden. */
export function finding(
  code: FindingCode,
  parts: {
    title: string;
    evidence: string[];
    fix?: string;
    severity?: Severity;
    docs?: string;
    action?: FindingAction;
    rank?: number;
    basis?: CauseBasis;
  },
): Finding {
  const entry: CatalogueEntry = FINDINGS[code];
  const f: Finding = {
    severity: parts.severity ?? entry.severity,
    code,
    title: parts.title,
    evidence: parts.evidence,
    fix: parts.fix ?? entry.fix,
  };
  const docs = parts.docs ?? entry.docs;
  if (docs) f.docs = docs;
  if (parts.action) f.action = parts.action;
  const rank = parts.rank ?? entry.causeRank;
  if (rank !== undefined) f.rank = rank;
  if (parts.basis) f.basis = parts.basis;
  return f;
}

/** The catalogue rank of a code as a cause of invalid_client (undefined: not a cause). */
export function causeRank(code: FindingCode): number | undefined {
  return (FINDINGS[code] as CatalogueEntry).causeRank;
}
