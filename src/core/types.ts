/**
 * Shared data shapes of the core. Plain JSON-compatible data only (no classes),
 * so records can cross the webview boundary and be stored (redacted).
 */
import type { ErrorInfo } from './errors';

import type { ProfileFields } from './profile/definition';

export { CLIENT_AUTH_METHODS, SIGNING_ALGS, AUDIENCE_MODES, ENDPOINT_NAMES } from './profile/definition';
export type { ClientAuthMethod, HmacAlg, AsymmetricAlg, SigningAlg, AudienceMode, EndpointName, ProfileFields } from './profile/definition';

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
  [extra: string]: unknown;
}

/** One header or form parameter, in order, with its secrecy marked. */
export interface Param {
  name: string;
  value: string;
  /** True when the value is a secret (client secret, assertion, token, Basic header). */
  secret?: boolean;
}

/** A request as it is (or will be) sent on the wire. */
export interface HttpRequestRecord {
  method: 'GET' | 'POST';
  url: string;
  headers: Param[];
  /** `application/x-www-form-urlencoded` body parameters, in order. */
  form?: Param[];
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
  | 'jwks';

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
  /** Number of attempts made (retries on 429/503). */
  attempts: number;
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
