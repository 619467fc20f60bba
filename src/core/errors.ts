/**
 * Every failure the core reports is a {@link WorkbenchError} with a stable `code`.
 * Codes are part of the public contract (tests, the UI and docs rely on them);
 * messages are for people and say what is wrong and how to fix it.
 * Messages never contain secret values.
 */

/** All stable error codes. Add new ones here; never rename one. */
export type ErrorCode =
  // configuration / input
  | 'CONFIG_INVALID'
  | 'CONFIG_INSECURE_HTTP'
  | 'CONFIG_MISSING_ENDPOINT'
  | 'CONFIG_MISSING_SECRET'
  // keys and signing
  | 'KEY_UNSUPPORTED'
  | 'KEY_ENCRYPTED'
  | 'KEY_MALFORMED'
  | 'KEY_PUBLIC_ONLY'
  | 'KEY_ALG_MISMATCH'
  | 'ALG_NONE_REFUSED'
  | 'SECRET_TOO_SHORT'
  // certificates (mTLS, certificate credentials)
  | 'CERT_MALFORMED'
  | 'CERT_KEY_MISMATCH'
  // discovery
  | 'DISCOVERY_FAILED'
  | 'DISCOVERY_ISSUER_MISMATCH'
  // transport
  | 'HTTP_TIMEOUT'
  | 'HTTP_ABORTED'
  | 'HTTP_NETWORK'
  | 'HTTP_TOO_LARGE'
  | 'HTTP_REDIRECT'
  | 'HTTP_STATUS'
  // response shape
  | 'RESPONSE_NOT_JSON'
  | 'RESPONSE_INVALID'
  // JWT
  | 'JWT_MALFORMED'
  | 'JWT_INVALID'
  // OAuth error responses (RFC 6749 §5.2 and friends): OAUTH_<ERROR IN UPPER CASE>
  | 'OAUTH_INVALID_CLIENT'
  | 'OAUTH_INVALID_GRANT'
  | 'OAUTH_INVALID_REQUEST'
  | 'OAUTH_INVALID_SCOPE'
  | 'OAUTH_UNAUTHORIZED_CLIENT'
  | 'OAUTH_UNSUPPORTED_GRANT_TYPE'
  | 'OAUTH_UNSUPPORTED_TOKEN_TYPE'
  | 'OAUTH_ACCESS_DENIED'
  | 'OAUTH_AUTHORIZATION_PENDING'
  | 'OAUTH_SLOW_DOWN'
  | 'OAUTH_EXPIRED_TOKEN'
  | 'OAUTH_INVALID_TOKEN'
  | 'OAUTH_OTHER'
  // interactive flows
  | 'FLOW_STATE_MISMATCH'
  | 'FLOW_NONCE_MISMATCH'
  | 'FLOW_TIMEOUT'
  | 'FLOW_CANCELLED'
  | 'CURL_PARSE'
  // extension shell (profiles, SecretStorage, origin binding)
  | 'PROFILE_NOT_FOUND'
  | 'SECRET_STORAGE_FAILED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'TOKEN_MISSING';

/** Base class of every error the core throws or records in an {@link Exchange}. */
export class WorkbenchError extends Error {
  override readonly name: string = 'WorkbenchError';
  constructor(
    /** Stable machine-readable code. */
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad profile, bad parameter or bad pasted text: nothing was sent. */
export class ConfigError extends WorkbenchError {
  override readonly name = 'ConfigError';
}

/** A key, secret or algorithm that cannot be used to sign: nothing was sent. */
export class KeyError extends WorkbenchError {
  override readonly name = 'KeyError';
}

/** Discovery could not produce trustworthy metadata. */
export class DiscoveryError extends WorkbenchError {
  override readonly name = 'DiscoveryError';
}

/** Transport failure: timeout, cancel, network, size cap, refused redirect, bad status. */
export class HttpError extends WorkbenchError {
  override readonly name = 'HttpError';
  constructor(
    code: ErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The server answered, but not with what the protocol requires (HTML, bad JSON, wrong types). */
export class ResponseError extends WorkbenchError {
  override readonly name = 'ResponseError';
  constructor(
    code: ErrorCode,
    message: string,
    /** Short, escaped excerpt of the offending body (never more than 200 chars). */
    readonly excerpt: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A well-formed OAuth error response (`error`, `error_description`, `error_uri`). */
export class OAuthError extends WorkbenchError {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: string,
    readonly errorDescription: string | undefined,
    readonly errorUri: string | undefined,
    readonly status: number,
  ) {
    super(oauthCode(error), `${error}${errorDescription ? `: ${errorDescription}` : ''} (HTTP ${status})`);
  }
}

/** A JWT that could not be decoded or did not verify. */
export class JwtError extends WorkbenchError {
  override readonly name = 'JwtError';
}

/** An interactive flow (authorization code, device code) that did not complete. */
export class FlowError extends WorkbenchError {
  override readonly name = 'FlowError';
}

const KNOWN_OAUTH: Record<string, ErrorCode> = {
  invalid_client: 'OAUTH_INVALID_CLIENT',
  invalid_grant: 'OAUTH_INVALID_GRANT',
  invalid_request: 'OAUTH_INVALID_REQUEST',
  invalid_scope: 'OAUTH_INVALID_SCOPE',
  unauthorized_client: 'OAUTH_UNAUTHORIZED_CLIENT',
  unsupported_grant_type: 'OAUTH_UNSUPPORTED_GRANT_TYPE',
  unsupported_token_type: 'OAUTH_UNSUPPORTED_TOKEN_TYPE',
  access_denied: 'OAUTH_ACCESS_DENIED',
  authorization_pending: 'OAUTH_AUTHORIZATION_PENDING',
  slow_down: 'OAUTH_SLOW_DOWN',
  expired_token: 'OAUTH_EXPIRED_TOKEN',
  invalid_token: 'OAUTH_INVALID_TOKEN',
};

/** Maps an RFC 6749 `error` value to its stable code (`OAUTH_OTHER` for unknown values). */
export function oauthCode(error: string): ErrorCode {
  return KNOWN_OAUTH[error] ?? 'OAUTH_OTHER';
}

/** Plain, serialisable view of an error for records and messages. */
export interface ErrorInfo {
  code: ErrorCode;
  name: string;
  message: string;
  /** OAuth `error` / `error_description` / `error_uri` when the server sent them. */
  oauth?: { error: string; errorDescription?: string; errorUri?: string };
  status?: number;
  excerpt?: string;
}

/** Converts any thrown value into an {@link ErrorInfo}; unknown errors become `HTTP_NETWORK`-free `CONFIG_INVALID`-free generic info. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof OAuthError) {
    return {
      code: e.code,
      name: e.name,
      message: e.message,
      status: e.status,
      oauth: { error: e.error, errorDescription: e.errorDescription, errorUri: e.errorUri },
    };
  }
  if (e instanceof ResponseError) return { code: e.code, name: e.name, message: e.message, excerpt: e.excerpt };
  if (e instanceof HttpError) return { code: e.code, name: e.name, message: e.message, status: e.status };
  if (e instanceof WorkbenchError) return { code: e.code, name: e.name, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'HTTP_NETWORK', name: 'Error', message };
}
