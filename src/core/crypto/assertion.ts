/**
 * RFC 7523 client assertions (`private_key_jwt`, `client_secret_jwt`), per SECURITY.md 1–2:
 * iss = sub = client_id, aud by audience mode, exp ≤ now+60 s by default, iat, nbf and a
 * fresh random jti on every call. Refuses `none`, algorithms that do not fit the key or
 * method, public keys and short HMAC secrets — before anything is signed.
 */
import { KeyObject, randomUUID } from 'node:crypto';
import { ConfigError, KeyError } from '../errors';
import type { ClientProfile, DecodedJwt, HmacAlg, ServerMetadata, SigningAlg } from '../types';
import { signJws, type JwsHeader, type JwsKey } from './jws';
import { annotateTimes } from './jwt';
import { algNoneRefused, assertAlgForKey, importPrivateKey, type LoadedKey } from './keys';

/** Inputs of {@link createClientAssertion}. */
export interface AssertionOptions {
  clientId: string;
  audience: string | string[];
  alg: SigningAlg;
  method: 'private_key_jwt' | 'client_secret_jwt';
  /** For private_key_jwt: an imported key (see KeyCache) or PEM/JWK text. */
  privateKey?: LoadedKey | string;
  /** For client_secret_jwt. */
  clientSecret?: string;
  /** `kid` header; default: the key's kid (private_key_jwt), none for client_secret_jwt. */
  kid?: string;
  /** Default 60. */
  lifetimeSeconds?: number;
  /** Optional `typ` header, e.g. `client-authentication+jwt`. */
  typ?: string;
  /** Extra protected header parameters, e.g. `x5t#S256` / `x5t` of the signing certificate. */
  headerParams?: Record<string, string>;
  /** `sub` override for RFC 7523 §2.1 authorization grants (jwt-bearer); client assertions keep sub = client_id. */
  subject?: string;
  /** Clock, epoch seconds (tests). */
  now?: () => number;
}

/** Minimum HMAC key sizes in bytes (RFC 7518 §3.2: key size ≥ hash output). */
export const HMAC_MIN_BYTES: Record<HmacAlg, number> = { HS256: 32, HS384: 48, HS512: 64 };

const isHmac = (alg: string): alg is HmacAlg => alg in HMAC_MIN_BYTES;

/**
 * Signs a client assertion. Every call has a new `jti`.
 * @throws KeyError ALG_NONE_REFUSED | KEY_ALG_MISMATCH | KEY_PUBLIC_ONLY | SECRET_TOO_SHORT | KEY_* (import)
 * @throws ConfigError CONFIG_INVALID | CONFIG_MISSING_SECRET
 */
export async function createClientAssertion(o: AssertionOptions): Promise<{ jwt: string; decoded: DecodedJwt }> {
  const alg = String(o.alg ?? '');
  if (alg.toLowerCase() === 'none') throw algNoneRefused();
  if (typeof o.clientId !== 'string' || o.clientId === '')
    throw new ConfigError('CONFIG_INVALID', 'The client assertion needs a client_id (it becomes iss and sub).');
  const audience = o.audience;
  if (
    Array.isArray(audience)
      ? audience.length === 0 || audience.some((a) => typeof a !== 'string' || a === '')
      : typeof audience !== 'string' || audience === ''
  ) {
    throw new ConfigError(
      'CONFIG_INVALID',
      'The client assertion needs an audience (aud): set the issuer, or choose another audience mode.',
    );
  }
  if (o.subject !== undefined && (typeof o.subject !== 'string' || o.subject === '')) {
    throw new ConfigError('CONFIG_INVALID', 'The JWT grant needs a non-empty subject (sub).');
  }
  const lifetime = o.lifetimeSeconds ?? 60;
  // Under 1 s, exp (whole seconds) would equal iat: an assertion expired when signed.
  if (!Number.isFinite(lifetime) || lifetime < 1) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `The assertion lifetime must be at least 1 second (got ${String(lifetime)}); below that "exp" would equal "iat". Use 60 (the default) unless the server asks for less.`,
    );
  }

  let signingKey: JwsKey;
  let kid = o.kid;
  if (o.method === 'private_key_jwt') {
    if (isHmac(alg)) {
      throw new KeyError(
        'KEY_ALG_MISMATCH',
        `${alg} is an HMAC algorithm for client_secret_jwt; private_key_jwt signs with the private key (RS*, PS*, ES*, EdDSA).`,
      );
    }
    if (o.privateKey === undefined || o.privateKey === '') {
      throw new ConfigError('CONFIG_MISSING_SECRET', "private_key_jwt needs the client's private key; none is stored for this profile.");
    }
    const key =
      typeof o.privateKey === 'string' ? await importPrivateKey(o.privateKey, o.kid !== undefined ? { kid: o.kid } : {}) : o.privateKey;
    assertPrivate(key);
    assertAlgForKey(key, alg);
    signingKey = key.key instanceof KeyObject ? key.key : KeyObject.from(key.key);
    kid ??= key.kid;
  } else if (o.method === 'client_secret_jwt') {
    if (!isHmac(alg)) {
      throw new KeyError(
        'KEY_ALG_MISMATCH',
        `${alg} needs a private key; client_secret_jwt signs with the client secret using HS256, HS384 or HS512.`,
      );
    }
    if (typeof o.clientSecret !== 'string' || o.clientSecret === '') {
      throw new ConfigError('CONFIG_MISSING_SECRET', 'client_secret_jwt needs the client secret; none is stored for this profile.');
    }
    const secret = Buffer.from(o.clientSecret, 'utf8');
    const min = HMAC_MIN_BYTES[alg];
    if (secret.length < min) {
      throw new KeyError(
        'SECRET_TOO_SHORT',
        `The client secret is ${secret.length} bytes; ${alg} requires at least ${min} bytes (RFC 7518 §3.2). Use a longer secret${alg === 'HS256' ? '' : ' or a smaller HS algorithm'}.`,
      );
    }
    signingKey = secret;
  } else {
    throw new ConfigError('CONFIG_INVALID', `Client assertions are for private_key_jwt and client_secret_jwt, not "${String(o.method)}".`);
  }

  const nowSeconds = Math.floor((o.now ?? (() => Date.now() / 1000))());
  const header: JwsHeader = { ...o.headerParams, alg };
  if (kid) header.kid = kid;
  if (o.typ) header.typ = o.typ;
  const claims = {
    iss: o.clientId,
    sub: o.subject ?? o.clientId,
    aud: Array.isArray(audience) ? [...audience] : audience,
    jti: randomUUID(),
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + Math.floor(lifetime),
  };
  let jwt: string;
  try {
    jwt = signJws(header, claims, signingKey);
  } catch (e) {
    throw new KeyError('KEY_UNSUPPORTED', `Signing the assertion with ${alg} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { jwt, decoded: signedAsDecoded(header, claims, nowSeconds) };
}

/**
 * The decoded view of what was just signed — what decoding the JWT would give, without
 * parsing it back. The time annotations (formatting dates costs more than the rest of the
 * assertion together) are computed when first read: requests rarely show them.
 */
function signedAsDecoded(header: JwsHeader, claims: Record<string, unknown>, nowSeconds: number): DecodedJwt {
  const decoded: Omit<DecodedJwt, 'times'> = { header: { ...header }, claims: { ...claims }, verified: false };
  return Object.defineProperty(decoded, 'times', {
    enumerable: true,
    configurable: true,
    get(this: DecodedJwt): DecodedJwt['times'] {
      const times = annotateTimes(claims, nowSeconds);
      Object.defineProperty(this, 'times', { value: times, enumerable: true, configurable: true, writable: true });
      return times;
    },
  }) as DecodedJwt;
}

function assertPrivate(key: LoadedKey): void {
  const k = key.key as { type?: string };
  if (k.type !== 'private') {
    throw new KeyError('KEY_PUBLIC_ONLY', 'The key is a public key; signing a client assertion needs the private key.');
  }
}

/**
 * The `aud` for a profile's client assertion. Modes: `issuer` (default; metadata's issuer,
 * else the profile's), `endpoint` (the URL being called), `token_endpoint`, `custom`.
 * @throws ConfigError CONFIG_MISSING_ENDPOINT | CONFIG_INVALID
 */
export function resolveAssertionAudience(profile: ClientProfile, metadata: ServerMetadata | undefined, endpointUrl: string): string {
  const mode = profile.audience ?? 'issuer';
  switch (mode) {
    case 'issuer': {
      const iss = metadata?.issuer ?? profile.issuer;
      if (!iss) throw new ConfigError('CONFIG_INVALID', 'Audience mode "issuer" needs the profile\'s issuer.');
      return iss;
    }
    case 'endpoint':
      return endpointUrl;
    case 'token_endpoint': {
      const t = profile.endpoints?.token ?? metadata?.token_endpoint;
      if (!t)
        throw new ConfigError(
          'CONFIG_MISSING_ENDPOINT',
          'Audience mode "token_endpoint" needs the token endpoint: run discovery or set it in the profile.',
        );
      return t;
    }
    case 'custom': {
      const c = profile.customAudience?.trim();
      if (!c) throw new ConfigError('CONFIG_INVALID', 'Audience mode "custom" needs a custom audience value in the profile.');
      return c;
    }
    default:
      throw new ConfigError('CONFIG_INVALID', `Unknown audience mode "${String(mode)}"; use issuer, endpoint, token_endpoint or custom.`);
  }
}
