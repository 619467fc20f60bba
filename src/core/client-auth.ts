/**
 * THE one place that authenticates the client, for every endpoint that
 * authenticates clients (token, introspection, revocation, PAR, device
 * authorization). Applying the same mechanism everywhere is the fix for the
 * origin story: introspection with only `client_id` fails with invalid_client.
 */
import { createClientAssertion, resolveAssertionAudience, type AssertionOptions } from './crypto/assertion';
import type { KeyCache } from './crypto/key-cache';
import type { LoadedKey } from './crypto/keys';
import { importPrivateKey } from './crypto/keys';
import type { DpopNonces } from './dpop/nonces';
import { ConfigError } from './errors';
import { certificateHeaderParams } from './mtls/signing-certificate';
import type { HttpOptions } from './http/transport';
import type {
  ClientProfile,
  ClientSecrets,
  CredentialedEndpoint,
  CredentialedSend,
  DecodedJwt,
  HttpRequestRecord,
  Param,
  ServerMetadata,
  SigningAlg,
} from './types';

/** Everything an operation needs to call a server as a profile's client. */
export interface CallContext {
  profile: ClientProfile;
  /** clientSecret / privateKey (PEM or JWK JSON). Never logged. */
  secrets: ClientSecrets;
  /** From discover(); profile endpoint overrides win. */
  metadata?: ServerMetadata;
  http?: HttpOptions;
  /** Imported keys cached per profile (not re-parsed per request). */
  keyCache?: KeyCache;
  /** Clock, epoch seconds (tests). */
  now?: () => number;
  /**
   * SECURITY.md 6, by construction: awaited at the core's one send point right before
   * ANY request that carries a credential leaves — client authentication, a client
   * assertion, a token, a DPoP proof or a client certificate — in every operation and
   * at every step of a flow (PAR, device polls, code redemption, API calls). Throw
   * (e.g. ORIGIN_NOT_ALLOWED) to stop it: nothing is sent. Requests without a
   * credential (discovery, JWKS) never call it.
   */
  beforeCredentialedSend?: (send: CredentialedSend) => Promise<void>;
  /** The latest `DPoP-Nonce` per server origin; keep one per session so nonces outlive a call. */
  dpopNonces?: DpopNonces;
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Parameters and headers that carry client authentication; only one method may set them. */
const AUTH_FORM_PARAMS = new Set(['client_id', 'client_secret', 'client_assertion', 'client_assertion_type']);

/**
 * RFC 6749 §2.3.1: client_id and secret are each `application/x-www-form-urlencoded`
 * before being joined with `:` and base64-encoded (so `:`, `%`, `+`, spaces survive).
 */
export function basicCredentials(clientId: string, clientSecret: string): string {
  const enc = (s: string): string => new URLSearchParams({ v: s }).toString().slice(2);
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64')}`;
}

function missingSecret(profile: ClientProfile, what: 'client secret' | 'private key'): ConfigError {
  const method = profile.authMethod;
  return new ConfigError(
    'CONFIG_MISSING_SECRET',
    `Profile "${profile.name}" uses ${method}, which needs the ${what}, but none is stored. ` +
      `Set it with "OAuth: Edit Profile" (it is kept in VS Code's secret storage)${what === 'private key' ? ', as PEM or a private JWK' : ''}.`,
  );
}

async function loadKey(ctx: CallContext): Promise<LoadedKey> {
  const material = ctx.secrets.privateKey;
  if (!material) throw missingSecret(ctx.profile, 'private key');
  return ctx.keyCache
    ? ctx.keyCache.get(ctx.profile.id, material, ctx.profile.keyId)
    : importPrivateKey(material, ctx.profile.keyId !== undefined ? { kid: ctx.profile.keyId } : {});
}

/**
 * Signs a JWT for the profile: the client assertion (sub = client_id), or with
 * `subject` an RFC 7523 §2.1 authorization grant. Uses the private key for
 * private_key_jwt profiles, the client secret (HMAC) for client_secret_jwt.
 */
export async function signForProfile(
  ctx: CallContext,
  audience: string,
  o: { method?: 'private_key_jwt' | 'client_secret_jwt'; subject?: string } = {},
): Promise<{ jwt: string; decoded: DecodedJwt }> {
  const { profile } = ctx;
  const method = o.method ?? (profile.authMethod === 'client_secret_jwt' ? 'client_secret_jwt' : 'private_key_jwt');
  const options: AssertionOptions = { clientId: profile.clientId, audience, method, alg: profile.signingAlg ?? 'HS256' };
  if (profile.assertionLifetime !== undefined) options.lifetimeSeconds = profile.assertionLifetime;
  if (profile.assertionTyp !== undefined) options.typ = profile.assertionTyp;
  if (ctx.now !== undefined) options.now = ctx.now;
  if (o.subject !== undefined) options.subject = o.subject;
  if (method === 'client_secret_jwt') {
    if (!ctx.secrets.clientSecret) throw missingSecret(profile, 'client secret');
    options.clientSecret = ctx.secrets.clientSecret;
    if (profile.keyId !== undefined) options.kid = profile.keyId;
    return createClientAssertion(options);
  }
  const key = await loadKey(ctx);
  const alg: SigningAlg | undefined = profile.signingAlg ?? key.algs[0];
  if (!alg)
    throw new ConfigError('CONFIG_INVALID', `No signing algorithm fits the private key of profile "${profile.name}"; set signingAlg.`);
  options.alg = alg;
  options.privateKey = key;
  options.kid = profile.keyId ?? key.kid;
  const headerParams = certificateHeaderParams(profile, ctx.secrets, key);
  if (headerParams) options.headerParams = headerParams;
  return createClientAssertion(options);
}

/**
 * A fresh client assertion for `endpoint`, exactly as {@link applyClientAuth} would
 * send it (for "copy client assertion"). Only for the JWT methods.
 * @throws ConfigError CONFIG_INVALID | CONFIG_MISSING_ENDPOINT | CONFIG_MISSING_SECRET; KeyError
 */
export async function assertionFor(ctx: CallContext, endpoint: CredentialedEndpoint): Promise<{ jwt: string; decoded: DecodedJwt }> {
  const { profile } = ctx;
  if (profile.authMethod !== 'private_key_jwt' && profile.authMethod !== 'client_secret_jwt') {
    throw new ConfigError(
      'CONFIG_INVALID',
      `Profile "${profile.name}" uses ${profile.authMethod}; client assertions exist only for private_key_jwt and client_secret_jwt.`,
    );
  }
  const url = profile.endpoints?.[endpoint] ?? ctx.metadata?.[`${endpoint}_endpoint`];
  if (typeof url !== 'string' || !url) {
    throw new ConfigError(
      'CONFIG_MISSING_ENDPOINT',
      `No ${endpoint} endpoint is known for profile "${profile.name}": run discovery or set it in the profile.`,
    );
  }
  return signForProfile(ctx, resolveAssertionAudience(profile, ctx.metadata, url));
}

/**
 * Authenticates `request` (already aimed at `endpoint`'s URL) with the profile's one
 * method, removing any client-authentication parameters or Authorization header it
 * carried, so two methods are never sent at once. Secret values are marked.
 * - none: `client_id` in the body
 * - client_secret_basic: `Authorization: Basic` (RFC 6749 §2.3.1 encoding)
 * - client_secret_post: `client_id` + `client_secret` in the body
 * - client_secret_jwt / private_key_jwt: `client_id`, `client_assertion_type`,
 *   `client_assertion` — a fresh assertion (new `jti`) on every call
 * @throws ConfigError CONFIG_MISSING_SECRET | CONFIG_INVALID; KeyError (nothing is sent)
 */
export async function applyClientAuth(
  request: HttpRequestRecord,
  endpoint: CredentialedEndpoint,
  ctx: CallContext,
): Promise<{ request: HttpRequestRecord; assertion?: DecodedJwt }> {
  const { profile, secrets } = ctx;
  const form: Param[] = (request.form ?? []).filter((p) => !AUTH_FORM_PARAMS.has(p.name));
  const headers: Param[] = request.headers.filter((h) => h.name.toLowerCase() !== 'authorization');
  const out = (assertion?: DecodedJwt) => ({ request: { ...request, headers, form }, ...(assertion ? { assertion } : {}) });

  switch (profile.authMethod) {
    case 'none':
      form.push({ name: 'client_id', value: profile.clientId });
      return out();
    case 'client_secret_basic':
      if (!secrets.clientSecret) throw missingSecret(profile, 'client secret');
      headers.push({ name: 'authorization', value: basicCredentials(profile.clientId, secrets.clientSecret), secret: true });
      // RFC 9126 §2.1: in a PAR body client_id is also a required authorization request parameter.
      if (endpoint === 'pushed_authorization_request') form.push({ name: 'client_id', value: profile.clientId });
      return out();
    case 'client_secret_post':
      if (!secrets.clientSecret) throw missingSecret(profile, 'client secret');
      form.push({ name: 'client_id', value: profile.clientId }, { name: 'client_secret', value: secrets.clientSecret, secret: true });
      return out();
    case 'tls_client_auth':
    case 'self_signed_tls_client_auth':
      // RFC 8705 §2: the certificate on the TLS connection authenticates; client_id names the client.
      form.push({ name: 'client_id', value: profile.clientId });
      return out();
    case 'client_secret_jwt':
    case 'private_key_jwt': {
      const { jwt, decoded } = await signForProfile(ctx, resolveAssertionAudience(profile, ctx.metadata, request.url));
      form.push(
        { name: 'client_id', value: profile.clientId },
        { name: 'client_assertion_type', value: CLIENT_ASSERTION_TYPE },
        { name: 'client_assertion', value: jwt, secret: true },
      );
      return out(decoded);
    }
    default:
      throw new ConfigError(
        'CONFIG_INVALID',
        `Unknown client authentication method "${String(profile.authMethod)}"; use none, client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, tls_client_auth or self_signed_tls_client_auth.`,
      );
  }
}
