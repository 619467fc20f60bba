/**
 * The server's own words: a small catalogue of error_description phrases that name the
 * cause of a failure, per server, each citing where the phrase comes from. A match
 * outranks every guess from the request (see after-response/oauth-errors.ts).
 *
 * Matching is a case-insensitive substring search over the first
 * {@link MAX_PHRASE_TEXT} characters (plus a digit scan after "AADSTS"): linear, no
 * pattern that can backtrack.
 */

/** What a phrase says went wrong; each maps to one fix in {@link CAUSE_TEXT}. */
export type StatedCause =
  | 'audience-endpoint'
  | 'key-unknown'
  | 'wrong-secret'
  | 'secret-expired'
  | 'unknown-client'
  | 'client-or-secret'
  | 'auth-missing'
  | 'assertion-not-read'
  | 'assertion-time'
  | 'client-id-mismatch'
  | 'scope-default'
  | 'scope-oidc-cc'
  | 'scope-not-configured'
  | 'grant-not-allowed'
  | 'basic-only';

export interface Phrase {
  server: string;
  /** Lower-case text searched for in the server's words. */
  text: string;
  cause: StatedCause;
  /** Where the phrase comes from (documentation URL or source file). */
  source: string;
}

const OKTA_CLIENT_AUTH = 'https://support.okta.com/help/s/article/invalid-client-error-returned-during-client-authentication-failure';
const ENTRA = 'https://learn.microsoft.com/entra/identity-platform/reference-error-codes';
const KEYCLOAK_SECRET =
  'keycloak: services/src/main/java/org/keycloak/authentication/authenticators/client/ClientIdAndSecretAuthenticator.java';
const NODE_OAUTH2 = '@node-oauth/oauth2-server 5.x: lib/handlers/token-handler.js';
const OIDC_PROVIDER = 'oidc-provider 9.x: lib/shared/client_auth.js';

/** Every phrase, most specific first (the first match per cause wins). */
export const PHRASES: readonly Phrase[] = [
  // Okta
  {
    server: 'Okta',
    text: 'must be the endpoint invoked',
    cause: 'audience-endpoint',
    source: 'https://support.okta.com/help/s/article/the-audience-claim-for-client-assertion-must-be-the-endpoint-invoked-for-the-request',
  },
  {
    server: 'Okta',
    text: 'client_assertion jwt kid is invalid',
    cause: 'key-unknown',
    source: 'https://support.okta.com/help/s/article/okta-client-assertion-error-invalid-key-id',
  },
  {
    server: 'Okta',
    text: 'client_assertion signature is invalid',
    cause: 'key-unknown',
    source: 'https://support.okta.com/help/s/article/error-occurs-during-authentication-due-to-invalid-client-assertion-signature',
  },
  { server: 'Okta', text: 'client secret supplied for a confidential client is invalid', cause: 'wrong-secret', source: OKTA_CLIENT_AUTH },
  { server: 'Okta', text: 'either the client or the client credentials are invalid', cause: 'client-or-secret', source: OKTA_CLIENT_AUTH },
  { server: 'Okta', text: "invalid value for 'client_id' parameter", cause: 'unknown-client', source: OKTA_CLIENT_AUTH },
  {
    server: 'Okta',
    text: "cannot request 'openid' scopes using client credentials",
    cause: 'scope-oidc-cc',
    source: 'https://support.okta.com/help/s/article/cannot-request-openid-scopes-using-client-credentials',
  },
  {
    server: 'Okta',
    text: 'scopes are not configured for the authorization server resource',
    cause: 'scope-not-configured',
    source: 'https://support.okta.com/help/s/article/error-one-or-more-scopes-are-not-configured-for-the-authorization-server-resource',
  },
  // Keycloak
  { server: 'Keycloak', text: 'invalid client or invalid client credentials', cause: 'client-or-secret', source: KEYCLOAK_SECRET },
  { server: 'Keycloak', text: 'invalid client secret', cause: 'wrong-secret', source: KEYCLOAK_SECRET },
  { server: 'Keycloak', text: 'client secret not provided in request', cause: 'auth-missing', source: KEYCLOAK_SECRET },
  {
    server: 'Keycloak',
    text: 'client was not identified by any client authenticator',
    cause: 'auth-missing',
    source: 'keycloak: services/src/main/java/org/keycloak/authentication/ClientAuthenticationFlow.java',
  },
  // Auth0
  {
    server: 'Auth0',
    text: 'is not authorized to access',
    cause: 'grant-not-allowed',
    source: 'https://auth0.com/docs/get-started/applications/third-party-applications/troubleshooting',
  },
  // Spring Security (spring-security-oauth2 legacy resource/authorization server)
  {
    server: 'Spring Security',
    text: 'bad client credentials',
    cause: 'client-or-secret',
    source:
      'spring-security-oauth: spring-security-oauth2/src/main/java/org/springframework/security/oauth2/provider/client/ClientCredentialsTokenEndpointFilter.java',
  },
  {
    server: 'Spring Security',
    text: 'full authentication is required to access this resource',
    cause: 'auth-missing',
    source:
      'spring-security: web/src/main/java/org/springframework/security/web/access/ExceptionTranslationFilter.java (messages.properties)',
  },
  // oidc-provider
  { server: 'oidc-provider', text: 'no client authentication mechanism provided', cause: 'auth-missing', source: OIDC_PROVIDER },
  {
    server: 'oidc-provider',
    text: 'client_secret must be provided in the authorization header',
    cause: 'basic-only',
    source: OIDC_PROVIDER,
  },
  // node-oauth2-server
  { server: 'node-oauth2-server', text: 'cannot retrieve client credentials', cause: 'assertion-not-read', source: NODE_OAUTH2 },
  { server: 'node-oauth2-server', text: 'invalid client: client is invalid', cause: 'client-or-secret', source: NODE_OAUTH2 },
  { server: 'node-oauth2-server', text: 'missing parameter: `client_secret`', cause: 'auth-missing', source: NODE_OAUTH2 },
  { server: 'node-oauth2-server', text: 'unauthorized client: `grant_type` is invalid', cause: 'grant-not-allowed', source: NODE_OAUTH2 },
  // Generic wording seen across servers (e.g. Doorkeeper-style "Confidential clients require client_secret.")
  {
    server: 'several servers',
    text: 'require client_secret',
    cause: 'auth-missing',
    source: 'RFC 6749 §2.3.1 wording used by several servers',
  },
];

/** Entra ID (AADSTS) codes that name a cause; the code is read from the description. */
export const AADSTS: Readonly<Record<string, StatedCause>> = {
  '7000215': 'wrong-secret',
  '7000222': 'secret-expired',
  '700016': 'unknown-client',
  '700027': 'key-unknown',
  '700024': 'assertion-time',
  '7000218': 'auth-missing',
  '700021': 'client-id-mismatch',
  '1002012': 'scope-default',
};

/** What each stated cause means and how to fix it. */
export const CAUSE_TEXT: Record<StatedCause, { meaning: string; fix: string }> = {
  'audience-endpoint': {
    meaning: 'the client assertion aud must be the URL of the endpoint being called',
    fix: 'Set the assertion aud to the exact URL of this endpoint (audience mode "endpoint URL").',
  },
  'key-unknown': {
    meaning: "the assertion's kid or signature does not match a key registered for the client",
    fix: 'Register the public key (JWK with the same kid) for the client, or sign with the key that is registered.',
  },
  'wrong-secret': { meaning: 'the client secret is wrong', fix: "Copy the current secret from the provider's client settings." },
  'secret-expired': {
    meaning: 'the client secret has expired',
    fix: 'Create a new client secret at the provider and store it in the profile.',
  },
  'unknown-client': {
    meaning: 'the client_id is not known at this server',
    fix: 'Check the client_id, and that the client is registered at this issuer (tenant, environment, authorization server).',
  },
  'client-or-secret': {
    meaning: 'the client_id or its credentials are wrong',
    fix: 'Check the client_id and the secret (or key) against the client registration.',
  },
  'auth-missing': {
    meaning: 'the server found no client credentials it reads in the request',
    fix: 'Send the client authentication the client is registered for (for a secret: the Basic header or client_secret in the body).',
  },
  'assertion-not-read': {
    meaning: 'the server looks only for client_id/client_secret (Basic header or body); it does not read client assertions',
    fix: 'Use client_secret_basic or client_secret_post with this server: it does not support private_key_jwt or client_secret_jwt.',
  },
  'assertion-time': {
    meaning: 'the client assertion is outside its valid time range',
    fix: 'Sign a fresh assertion per request and synchronise the clock (NTP).',
  },
  'client-id-mismatch': {
    meaning: "the assertion's iss/sub differ from the client_id parameter",
    fix: 'Use the same client_id in the body, the assertion iss and sub.',
  },
  'scope-default': {
    meaning: 'client credentials need scope=<resource>/.default',
    fix: 'Set scope to the resource identifier followed by /.default.',
  },
  'scope-oidc-cc': {
    meaning: 'OpenID scopes (openid, profile, email) cannot be requested with client credentials',
    fix: 'Remove openid/profile/email from the scope; request the API scopes of this authorization server.',
  },
  'scope-not-configured': {
    meaning: 'a requested scope is not defined at this authorization server',
    fix: 'Request only scopes defined at this authorization server (custom scopes need a custom authorization server such as /oauth2/default).',
  },
  'grant-not-allowed': {
    meaning: 'the client is not allowed this grant or API',
    fix: "Enable the grant (or the API access) for this client in the provider's settings.",
  },
  'basic-only': {
    meaning: 'this client is registered for client_secret_basic: the secret must be in the Authorization header',
    fix: 'Send the secret in the Basic Authorization header (client_secret_basic), not in the body.',
  },
};

/** Characters of the server's words searched (the phrases sit at the start). */
export const MAX_PHRASE_TEXT = 4096;

export interface PhraseHit {
  cause: StatedCause;
  server: string;
  /** The phrase or AADSTS code matched, as quoted evidence. */
  matched: string;
  source: string;
}

/** The phrases found in `text`, one per cause, in catalogue order (AADSTS first). */
export function matchPhrases(text: string | undefined): PhraseHit[] {
  if (!text) return [];
  const t = (text.length > MAX_PHRASE_TEXT ? text.slice(0, MAX_PHRASE_TEXT) : text).toLowerCase();
  const hits: PhraseHit[] = [];
  const seen = new Set<StatedCause>();
  const add = (h: PhraseHit): void => {
    if (seen.has(h.cause)) return;
    seen.add(h.cause);
    hits.push(h);
  };
  const code = aadstsCode(t);
  const aadCause = code !== undefined ? AADSTS[code] : undefined;
  if (code !== undefined && aadCause) add({ cause: aadCause, server: 'Microsoft Entra ID', matched: `AADSTS${code}`, source: ENTRA });
  for (const p of PHRASES) if (t.includes(p.text)) add({ cause: p.cause, server: p.server, matched: p.text, source: p.source });
  return hits;
}

/** The digits after the first "aadsts" (lower-cased text), if any. */
function aadstsCode(t: string): string | undefined {
  const at = t.indexOf('aadsts');
  if (at === -1) return undefined;
  let end = at + 6;
  while (end < t.length && end < at + 16 && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
  return end > at + 6 ? t.slice(at + 6, end) : undefined;
}
