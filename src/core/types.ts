/**
 * Shared data shapes of the core. Plain JSON-compatible data only (no classes),
 * so records can cross the webview boundary and be stored (redacted).
 */
import type { ErrorInfo } from './errors';

/**
 * How the client authenticates at every endpoint that authenticates clients.
 * `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705 §2): the client
 * certificate presented on the TLS connection is the authentication.
 */
export type ClientAuthMethod =
  | 'none'
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'tls_client_auth'
  | 'self_signed_tls_client_auth';

export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'none',
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
];

/**
 * When the client sends DPoP proofs (RFC 9449) to the token endpoint:
 * `off` (default), `auto` — when the server advertises `dpop_signing_alg_values_supported`,
 * `always`.
 */
export type DpopMode = 'off' | 'auto' | 'always';
export const DPOP_MODES: readonly DpopMode[] = ['off', 'auto', 'always'];

/**
 * Which certificate thumbprint headers a `private_key_jwt` assertion carries when the
 * client holds the certificate of its signing key (Entra ID certificate credentials):
 * `x5t#S256` (base64url SHA-256 of the DER), `x5t` (SHA-1), `both`, or `none`.
 * Default: `both` for Entra ID (login.microsoftonline.com), else `none`.
 */
export type CertificateHeaderMode = 'none' | 'x5t#S256' | 'x5t' | 'both';
export const CERTIFICATE_HEADER_MODES: readonly CertificateHeaderMode[] = ['none', 'x5t#S256', 'x5t', 'both'];

/** JWS algorithms accepted for client assertions. `none` is never accepted. */
export type HmacAlg = 'HS256' | 'HS384' | 'HS512';
export type AsymmetricAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';
export type SigningAlg = HmacAlg | AsymmetricAlg;

/**
 * Which `aud` the client assertion carries.
 * - `issuer`: the issuer identifier (RFC 7523bis default).
 * - `endpoint`: the exact URL of the endpoint being called (Okta requires this).
 * - `token_endpoint`: always the token endpoint URL (what many older servers expect).
 * - `custom`: {@link ClientProfile.customAudience}.
 */
export type AudienceMode = 'issuer' | 'endpoint' | 'token_endpoint' | 'custom';

/** Endpoints the core may call. Keys match RFC 8414 metadata names without `_endpoint`. */
export interface Endpoints {
  authorization?: string;
  token?: string;
  introspection?: string;
  revocation?: string;
  userinfo?: string;
  jwks_uri?: string;
  pushed_authorization_request?: string;
  device_authorization?: string;
}

/** Names of endpoints that authenticate the client (one client-auth mechanism for all). */
export type CredentialedEndpoint = 'token' | 'introspection' | 'revocation' | 'pushed_authorization_request' | 'device_authorization';

/**
 * The non-secret part of a client profile. Secrets live in {@link ClientSecrets}
 * and are stored separately (SecretStorage in the extension).
 */
export interface ClientProfile {
  id: string;
  name: string;
  /** Issuer identifier; discovery must return exactly this value. */
  issuer: string;
  clientId: string;
  authMethod: ClientAuthMethod;
  /** Assertion algorithm for the JWT methods (default RS256 / HS256). */
  signingAlg?: SigningAlg;
  /** `kid` header; default: RFC 7638 thumbprint of the key (private_key_jwt). */
  keyId?: string;
  /** Default `issuer`. */
  audience?: AudienceMode;
  customAudience?: string;
  /** Assertion lifetime in seconds, default 60. */
  assertionLifetime?: number;
  /** Optional `typ` header for assertions (e.g. `client-authentication+jwt`). */
  assertionTyp?: string;
  /** Default scope for token requests. */
  scope?: string;
  /** RFC 8707 resource indicators for token requests. */
  resource?: string[];
  /** Endpoint overrides (servers without discovery, or to force a URL). */
  endpoints?: Endpoints;
  /** Send `?client_id=` on discovery (Okta answers per client). */
  discoveryWithClientId?: boolean;
  /** Allow plain `http:` to non-loopback hosts for this profile. Default false. */
  allowInsecureHttp?: boolean;
  /** Fixed redirect URI for authorization code; default: loopback on a free port. */
  redirectUri?: string;
  /** Use PAR (RFC 9126) for authorization code even when not required. */
  usePar?: boolean;
  /** DPoP proofs at the token endpoint (RFC 9449); default `off`. The key is {@link ClientSecrets.dpopKey}. */
  dpop?: DpopMode;
  /** DPoP proof algorithm; default: the DPoP key's (ES256 for a generated key). */
  dpopAlg?: AsymmetricAlg;
  /** Certificate thumbprint headers of `private_key_jwt` assertions (needs {@link ClientSecrets.signingCertificate}). */
  assertionCertificateHeader?: CertificateHeaderMode;
  /**
   * Present the client certificate (RFC 8705) on every credentialed request, for
   * certificate-bound tokens with another auth method. Implied by `tls_client_auth`
   * and `self_signed_tls_client_auth`. Uses `mtls_endpoint_aliases` when the server has them.
   */
  mtls?: boolean;
}

/** The secret part of a profile. Never logged, never stored outside SecretStorage. */
export interface ClientSecrets {
  clientSecret?: string;
  /** Private key as PEM (PKCS#8, PKCS#1, SEC1) or a private JWK in JSON. */
  privateKey?: string;
  /** The certificate (PEM) of {@link privateKey}, for the `x5t#S256` / `x5t` assertion headers. */
  signingCertificate?: string;
  /** DPoP private key (RFC 9449), PEM or private JWK. */
  dpopKey?: string;
  /** mTLS client certificate (RFC 8705): PEM chain, leaf first. */
  clientCertificate?: string;
  /** Private key of {@link clientCertificate} (PEM; may be encrypted, see the passphrase). */
  clientCertificateKey?: string;
  /** mTLS client certificate and key as PKCS#12 / PFX, base64. */
  clientPkcs12?: string;
  /** Passphrase of the PKCS#12 file or of an encrypted {@link clientCertificateKey}. */
  clientCertificatePassphrase?: string;
}

/** Tokens held for a profile (secret as a whole). */
export interface TokenSet {
  access_token: string;
  token_type?: string;
  /** Absolute expiry, epoch seconds, computed from `expires_in` at receipt. */
  expires_at?: number;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  issued_token_type?: string;
  /** Epoch seconds when received. */
  received_at: number;
  [extra: string]: unknown;
}

/** RFC 8414 / OIDC discovery metadata (only the fields the core reads are typed). */
export interface ServerMetadata {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  introspection_endpoint?: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
  pushed_authorization_request_endpoint?: string;
  require_pushed_authorization_requests?: boolean;
  device_authorization_endpoint?: string;
  grant_types_supported?: string[];
  response_types_supported?: string[];
  scopes_supported?: string[];
  code_challenge_methods_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
  introspection_endpoint_auth_methods_supported?: string[];
  introspection_endpoint_auth_signing_alg_values_supported?: string[];
  revocation_endpoint_auth_methods_supported?: string[];
  revocation_endpoint_auth_signing_alg_values_supported?: string[];
  introspection_signing_alg_values_supported?: string[];
  /** RFC 9449 §5.1. */
  dpop_signing_alg_values_supported?: string[];
  /** RFC 8705 §5: endpoints to use when the client presents a certificate. */
  mtls_endpoint_aliases?: Partial<Record<string, string>>;
  tls_client_certificate_bound_access_tokens?: boolean;
  [extra: string]: unknown;
}

/** One header or form parameter, in order, with its secrecy marked. */
export interface Param {
  name: string;
  value: string;
  /** True when the value is a secret (client secret, assertion, token, Basic header). */
  secret?: boolean;
}

/** HTTP methods a request may use (API calls use them all; OAuth endpoints GET and POST). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A request as it is (or will be) sent on the wire. */
export interface HttpRequestRecord {
  method: HttpMethod;
  url: string;
  headers: Param[];
  /** `application/x-www-form-urlencoded` body parameters, in order. */
  form?: Param[];
  /** A raw body (API calls), sent when there is no `form`. */
  body?: string;
}

export interface HttpResponseRecord {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  /** Body as text, cut at the size cap (`truncated` then true). */
  body: string;
  truncated?: boolean;
  /** Parsed JSON when the body is JSON. */
  json?: unknown;
}

export interface Timings {
  /** ISO time the request started. */
  startedAt: string;
  /** Milliseconds until response headers. */
  headersMs?: number;
  /** Milliseconds until the whole body (or the failure). */
  totalMs: number;
}

/** Operations the core performs. */
export type Operation =
  | 'discovery'
  | 'client_credentials'
  | 'refresh_token'
  | 'jwt_bearer'
  | 'token_exchange'
  | 'password'
  | 'authorization_code'
  | 'device_authorization'
  | 'device_code'
  | 'par'
  | 'introspect'
  | 'revoke'
  | 'userinfo'
  | 'jwks'
  | 'api';

/**
 * A request about to leave with credentials, as {@link CallContext.beforeCredentialedSend}
 * sees it (the origin check). Holds no secret value.
 */
export interface CredentialedSend {
  /** The exact URL the request goes to. */
  url: string;
  /** The endpoint called, or `resource` for an API call. */
  endpoint: keyof Endpoints | 'resource';
  operation: Operation;
  /** What the request carries, in words: e.g. `client authentication`, `access token`, `DPoP proof`, `client certificate`. */
  carries: string[];
}

/** A decoded, NOT verified JWT. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Human annotations for time claims (`exp`, `iat`, `nbf`, `auth_time`). */
  times: Record<string, { epoch: number; iso: string; relative: string }>;
  /** Always false from decode; verifyJwt sets it. */
  verified: false;
}

/**
 * The record of one network call: what was sent, what came back, how long it took,
 * the client assertion it used (decoded), and the typed error if it failed.
 * Secret values are marked in `request`; use {@link redactExchange} before storing.
 */
export interface Exchange<T = unknown> {
  id: string;
  operation: Operation;
  profileId?: string;
  request: HttpRequestRecord;
  response?: HttpResponseRecord;
  timings: Timings;
  assertion?: DecodedJwt;
  /** Set when the call failed at any layer (transport, shape, OAuth error). */
  error?: ErrorInfo;
  /** The typed result of a successful call (token set, introspection result, ...). */
  result?: T;
  /** Number of attempts made (retries on 429/503, one DPoP nonce retry). */
  attempts: number;
  /** The DPoP proof of the last attempt (decoded, unsigned view) and any nonce challenge answered. */
  dpop?: DpopInfo;
  /** Whether an issued or introspected token is bound (`cnf`) to this client's DPoP key or certificate. */
  binding?: TokenBinding[];
  /** API calls: the RFC 9728 protected resource metadata named by a 401's `resource_metadata`, as fetched. */
  resourceMetadata?: ResourceMetadataLookup;
}

/** RFC 9728 §2 protected resource metadata (the fields the workbench reads are typed). */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  resource_name?: string;
  resource_documentation?: string;
  dpop_signing_alg_values_supported?: string[];
  dpop_bound_access_tokens_required?: boolean;
  tls_client_certificate_bound_access_tokens?: boolean;
  [extra: string]: unknown;
}

/** The outcome of fetching a protected resource's metadata: the document, or why it is unusable. */
export interface ResourceMetadataLookup {
  url: string;
  metadata?: ProtectedResourceMetadata;
  /** Why the document could not be used (fetch failed, not JSON, wrong `resource`). */
  problem?: string;
}

/** DPoP facts of one exchange (no secret: the proof's signature is not kept). */
export interface DpopInfo {
  /** RFC 7638 thumbprint of the DPoP public key (what `cnf.jkt` must equal). */
  jkt: string;
  /** The proof of the last attempt: header (typ, alg, jwk) and claims (htm, htu, iat, jti, nonce, ath). */
  proof: DecodedJwt;
  /** The challenge that made the client retry once with the server's nonce. */
  nonceChallenge?: { status: number; error: string; nonce: string };
}

/** A token's confirmation claim (RFC 7800 `cnf`) checked against the client's key or certificate. */
export interface TokenBinding {
  /** `dpop`: `cnf.jkt` (RFC 9449 §6); `mtls`: `cnf.x5t#S256` (RFC 8705 §3.1). */
  kind: 'dpop' | 'mtls';
  /** Where the claim was read: the introspection response or the (JWT) access token. */
  source: 'introspection' | 'access_token';
  /** The claim's value. */
  actual: string;
  /** The client's own thumbprint, when it holds the key or certificate. */
  expected?: string;
  /** True when they are equal; undefined when the client has nothing to compare with. */
  matches?: boolean;
}

/** RFC 7662 introspection response. */
export interface IntrospectionResult {
  active: boolean;
  scope?: string;
  client_id?: string;
  username?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  sub?: string;
  aud?: string | string[];
  iss?: string;
  jti?: string;
  [extra: string]: unknown;
}
