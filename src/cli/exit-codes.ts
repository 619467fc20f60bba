/** Exit codes by failure class, so scripts can tell a bad configuration from a server refusal. */
import type { ErrorCode } from '../core';

export const EXIT = {
  ok: 0,
  /** A bug or an unexpected failure. */
  internal: 1,
  /** Bad arguments, client file, secret or key: nothing (or nothing more) was sent. */
  config: 2,
  /** Network, timeout, TLS, size cap, refused redirect. */
  network: 3,
  /** The server answered with an OAuth error or an HTTP error status. */
  server: 4,
  /** The server's answer was not what the protocol requires (HTML, bad JSON). */
  response: 5,
  /** Discovery failed or returned another issuer. */
  discovery: 6,
  /** Introspection answered `active: false`; explain found errors. */
  negative: 7,
} as const;

/** The exit code of an error code. */
export function exitCodeFor(code: ErrorCode | (string & {})): number {
  if (code.startsWith('OAUTH_') || code === 'HTTP_STATUS') return EXIT.server;
  if (code.startsWith('HTTP_')) return EXIT.network;
  if (code.startsWith('RESPONSE_')) return EXIT.response;
  if (code.startsWith('DISCOVERY_')) return EXIT.discovery;
  if (/^(CONFIG_|KEY_|ALG_|SECRET_|PROFILE_|CURL_|TOKEN_|ORIGIN_|JWT_)/.test(code)) return EXIT.config;
  return EXIT.internal;
}
