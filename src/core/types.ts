/**
 * Shared data shapes of the core. Plain JSON-compatible data only (no classes),
 * so records can cross the webview boundary and be stored (redacted).
 */
import type { ErrorInfo } from './errors';

import type { ProfileFields } from './profile/definition';

export {
  CLIENT_AUTH_METHODS,
  SIGNING_ALGS,
  AUDIENCE_MODES,
  ENDPOINT_NAMES,
  DPOP_MODES,
  CERTIFICATE_HEADER_MODES,
} from './profile/definition';
export type {
  ClientAuthMethod,
  HmacAlg,
  AsymmetricAlg,
  SigningAlg,
  AudienceMode,
  EndpointName,
  ProfileFields,
  DpopMode,
  CertificateHeaderMode,
} from './profile/definition';

/** Endpoints the core may call. Keys match RFC 8414 metadata names without `_endpoint`. */
export type Endpoints = Partial<Record<import('./profile/definition').EndpointName, string>>;

/** Names of endpoints that authenticate the client (one client-auth mechanism for all). */
export type CredentialedEndpoint = 'token' | 'introspection' | 'revocation' | 'pushed_authorization_request' | 'device_authorization';

/**
 * The non-secret part of a client profile: the fields of the one definition
 * (profile/definition.ts, where each field is described) and its internal id. Secrets
 * live in {@link ClientSecrets} and are stored separately (SecretStorage in the extension).
 */
export interface ClientProfile extends ProfileFields {
  id: string;
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

/** The secrets that make up a client certificate: stored, read and replaced together. */
export const CLIENT_CERTIFICATE_SECRETS = [
  'clientCertificate',
  'clientCertificateKey',
  'clientPkcs12',
  'clientCertificatePassphrase',
] as const;
export type ClientCertificateSecrets = Pick<ClientSecrets, (typeof CLIENT_CERTIFICATE_SECRETS)[number]>;

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
  /** The grant that first obtained this set (kept across refreshes; see `mergeTokenResponse`). */
  obtained_by?: Operation;
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
