/**
 * Which field names hold secrets, in any spelling (SECURITY.md 19): `access_token`,
 * `accessToken`, `Access_Token` and `access-token` are one name. A name is secret when
 * it is one of the OAuth credential fields or ends like one (`x_api_token`,
 * `upstreamSecret`); `token_type` or `token_endpoint` are not.
 */

/** OAuth credential fields (snake_case, as the RFCs spell them). */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
  'code',
  'client_secret',
  'client_assertion',
  'assertion',
  'subject_token',
  'actor_token',
  'password',
  'token',
  'code_verifier',
  'registration_access_token',
]);

/** Names longer than this are not field names (bounds the work per word of a hostile body). */
export const MAX_NAME_LENGTH = 64;

const EXACT: ReadonlySet<string> = new Set([
  ...[...SECRET_FIELDS].map(normaliseName),
  'jwt',
  'secret',
  'authorization',
  'proxyauthorization',
  'cookie',
  'apikey',
  'privatekey',
]);
/** Endings that make a name secret (`upstream_access_token`, `apiSecret`, `dbPassword`, `signedJwt`). */
const SECRET_ENDINGS = ['token', 'secret', 'password', 'assertion', 'jwt', 'apikey', 'privatekey'];
/** Token-like values keep a short prefix when masked (to tell tokens apart); the others are hidden whole. */
const TOKEN_ENDINGS = ['token', 'jwt', 'assertion', 'code'];

/** Lower case without `_` and `-`: `Access_Token` → `accesstoken`. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** Last letters of every secret name (token, secret, password, jwt, apikey, code, cookie, …): a cheap first filter. */
const LAST_LETTERS = new Set(['n', 't', 'd', 'y', 'e']);

/** Answers for names already seen (bodies repeat the same few names); bounded. */
const seen = new Map<string, boolean>();
const SEEN_MAX = 4096;

/** True when a field of this name (any spelling) holds a secret. */
export function isSecretFieldName(name: string): boolean {
  if (name.length > MAX_NAME_LENGTH || name.length < 3) return false;
  const known = seen.get(name);
  if (known !== undefined) return known;
  const n = normaliseName(name);
  const secret = LAST_LETTERS.has(n.slice(-1)) && (EXACT.has(n) || SECRET_ENDINGS.some((e) => n.endsWith(e)));
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.set(name, secret);
  return secret;
}

/** True when the secret field holds a token (masked to a prefix) rather than a password-like secret (hidden whole). */
export function isTokenFieldName(name: string): boolean {
  const n = normaliseName(name);
  return TOKEN_ENDINGS.some((e) => n.endsWith(e));
}
