/**
 * Run-time validation of profile data that comes from outside the type system:
 * globalState, settings, imported files and command argument objects. Checks field
 * types and allowed values only; what the fields MEAN is the core's business.
 */
import {
  CLIENT_AUTH_METHODS,
  ConfigError,
  type AudienceMode,
  type ClientAuthMethod,
  type ClientProfile,
  type Endpoints,
  type SigningAlg,
} from '../../core/essentials';

export const AUDIENCE_MODES: readonly AudienceMode[] = ['issuer', 'endpoint', 'token_endpoint', 'custom'];
export const SIGNING_ALGS: readonly SigningAlg[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'HS256',
  'HS384',
  'HS512',
];
export const ENDPOINT_NAMES: readonly (keyof Endpoints)[] = [
  'authorization',
  'token',
  'introspection',
  'revocation',
  'userinfo',
  'jwks_uri',
  'pushed_authorization_request',
  'device_authorization',
];

/** The non-secret fields a profile may carry, without `id` (used for input objects). */
export type ProfileFields = Omit<ClientProfile, 'id'>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an absolute http(s) URL. The core decides later whether plain http is allowed. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.host !== '';
  } catch {
    return false;
  }
}

/** Why `value` is not a usable URL, or undefined when it is (for input validation). */
export function urlProblem(value: string, what: string): string | undefined {
  const v = value.trim();
  if (v === '') return `Enter the ${what}.`;
  if (!isHttpUrl(v)) return `The ${what} must be an absolute https:// URL (http:// only for localhost), e.g. https://login.example.com.`;
  return undefined;
}

function fail(where: string, field: string, problem: string): never {
  throw new ConfigError('CONFIG_INVALID', `${where}: "${field}" ${problem}`);
}

function optString(src: Record<string, unknown>, field: string, where: string): string | undefined {
  const v = src[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') fail(where, field, 'must be a string.');
  return v.trim();
}

function optBool(src: Record<string, unknown>, field: string, where: string): boolean | undefined {
  const v = src[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(where, field, 'must be true or false.');
  return v;
}

function oneOf<T extends string>(src: Record<string, unknown>, field: string, allowed: readonly T[], where: string): T | undefined {
  const v = optString(src, field, where);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) fail(where, field, `must be one of: ${allowed.join(', ')} (got "${v}").`);
  return v as T;
}

function url(src: Record<string, unknown>, field: string, where: string): string | undefined {
  const v = optString(src, field, where);
  if (v !== undefined && !isHttpUrl(v)) fail(where, field, 'must be an absolute http(s) URL.');
  return v;
}

/**
 * Validates the non-secret fields of a profile. Unknown fields are dropped, so a secret
 * put by mistake into an imported file or a setting never reaches the profile store.
 * @param where names the source in error messages, e.g. `Imported profile "Billing"`.
 * @throws ConfigError CONFIG_INVALID naming the field and what is wrong.
 */
export function parseProfileFields(value: unknown, where: string): ProfileFields {
  if (!isRecord(value)) throw new ConfigError('CONFIG_INVALID', `${where}: expected an object with name, issuer, clientId and authMethod.`);
  const issuer = url(value, 'issuer', where);
  const clientId = optString(value, 'clientId', where);
  if (!issuer) fail(where, 'issuer', "is required (the authorization server's issuer URL).");
  if (!clientId) fail(where, 'clientId', 'is required.');
  const authMethod: ClientAuthMethod = oneOf(value, 'authMethod', CLIENT_AUTH_METHODS, where) ?? 'client_secret_basic';
  const name = optString(value, 'name', where) ?? `${clientId} @ ${new URL(issuer).host}`;

  const out: ProfileFields = { name, issuer, clientId, authMethod };
  const signingAlg = oneOf(value, 'signingAlg', SIGNING_ALGS, where);
  if (signingAlg) out.signingAlg = signingAlg;
  const keyId = optString(value, 'keyId', where);
  if (keyId) out.keyId = keyId;
  const audience = oneOf(value, 'audience', AUDIENCE_MODES, where);
  if (audience) out.audience = audience;
  const customAudience = optString(value, 'customAudience', where);
  if (customAudience) out.customAudience = customAudience;
  if (out.audience === 'custom' && !out.customAudience) fail(where, 'customAudience', 'is required when audience is "custom".');
  const lifetime = value.assertionLifetime;
  if (lifetime !== undefined && lifetime !== null) {
    if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime <= 0 || lifetime > 3600) {
      fail(where, 'assertionLifetime', 'must be a whole number of seconds between 1 and 3600.');
    }
    out.assertionLifetime = lifetime;
  }
  const assertionTyp = optString(value, 'assertionTyp', where);
  if (assertionTyp) out.assertionTyp = assertionTyp;
  const scope = optString(value, 'scope', where);
  if (scope) out.scope = scope.split(/\s+/).filter(Boolean).join(' ');
  const resource = value.resource;
  if (resource !== undefined && resource !== null) {
    const list = typeof resource === 'string' ? [resource] : resource;
    if (!Array.isArray(list) || list.some((r) => typeof r !== 'string' || (!isHttpUrl(r) && !r.startsWith('urn:')))) {
      fail(where, 'resource', 'must be a URL or a list of URLs (RFC 8707 resource indicators).');
    }
    if (list.length > 0) out.resource = list as string[];
  }
  const endpoints = value.endpoints;
  if (endpoints !== undefined && endpoints !== null) {
    if (!isRecord(endpoints)) fail(where, 'endpoints', 'must be an object such as { "token": "https://..." }.');
    const eps: Endpoints = {};
    for (const key of Object.keys(endpoints)) {
      if (!(ENDPOINT_NAMES as readonly string[]).includes(key))
        fail(where, `endpoints.${key}`, `is not a known endpoint (use ${ENDPOINT_NAMES.join(', ')}).`);
      const u = url(endpoints, key, where);
      if (u) eps[key as keyof Endpoints] = u;
    }
    if (Object.keys(eps).length > 0) out.endpoints = eps;
  }
  for (const flag of ['discoveryWithClientId', 'allowInsecureHttp', 'usePar'] as const) {
    const b = optBool(value, flag, where);
    if (b !== undefined) out[flag] = b;
  }
  const redirectUri = url(value, 'redirectUri', where);
  if (redirectUri) out.redirectUri = redirectUri;
  return out;
}

/** Like {@link parseProfileFields} but also requires a safe `id` (letters, digits, `-`, `_`). */
export function parseStoredProfile(value: unknown, where: string): ClientProfile {
  const fields = parseProfileFields(value, where);
  const id = isRecord(value) ? value.id : undefined;
  if (typeof id !== 'string' || !isProfileId(id))
    throw new ConfigError('CONFIG_INVALID', `${where}: "id" must be letters, digits, "-" or "_".`);
  return { id, ...fields };
}

/** Profile ids become part of SecretStorage keys, so they are restricted to a safe alphabet. */
export function isProfileId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,80}$/.test(id);
}

/** Makes a profile id from a name (settings profiles without an explicit id). */
export function slugId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'profile' : slug;
}
