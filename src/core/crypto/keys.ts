/**
 * Private keys for `private_key_jwt`: import (PKCS#8, PKCS#1, SEC1 PEM and private
 * JWK), generation, and the public JWK / JWKS to register at the provider.
 *
 * jose does every JOSE operation (JWK import/export, thumbprint); node:crypto only
 * opens PEM containers, because jose reads PKCS#8 alone and users paste PKCS#1/SEC1.
 * Every failure is a {@link KeyError} naming what is wrong — never the key material.
 */
import { createPrivateKey, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair as joseGenerateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';
import { KeyError } from '../errors';
import type { AsymmetricAlg } from '../types';
import { looksLikePem, normalisePem, selectPrivateKeyBlock } from './pem';

export type { JWK } from 'jose';

/** Key pair types the workbench generates. */
export type KeyPairType = 'RSA-2048' | 'RSA-3072' | 'EC-P256' | 'EC-P384' | 'Ed25519';

/** A parsed private key, ready for jose's SignJWT. Holds key material: never log or serialise `key`. */
export interface LoadedKey {
  /** What jose's SignJWT accepts (a node KeyObject; jose derives a CryptoKey per algorithm). */
  key: CryptoKey | KeyObject;
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
  /** The `kid` to put in JWS headers: the given one, the JWK's own, else the RFC 7638 thumbprint. */
  kid: string;
  /** Public JWK with `kid` and `use: 'sig'` (safe to show and register). */
  publicJwk: JWK;
  /** Algorithms this key can sign with. */
  algs: AsymmetricAlg[];
  /** Human description, e.g. "RSA 2048-bit" or "EC P-256" (no key material). */
  description: string;
}

const RSA_ALGS: AsymmetricAlg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_CURVES: Record<string, { crv: string; alg: AsymmetricAlg }> = {
  prime256v1: { crv: 'P-256', alg: 'ES256' },
  secp384r1: { crv: 'P-384', alg: 'ES384' },
  secp521r1: { crv: 'P-521', alg: 'ES512' },
};
const JWK_CRV_ALG: Record<string, AsymmetricAlg> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' };
/** Members kept in a public JWK built from a private one (RFC 7517/7518/8037). */
const PUBLIC_MEMBERS = ['kty', 'crv', 'n', 'e', 'x', 'y'] as const;

const ALL_ASYMMETRIC: readonly AsymmetricAlg[] = [...RSA_ALGS, 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** True for the asymmetric JWS algorithms the workbench signs with. */
export function isAsymmetricAlg(alg: string): alg is AsymmetricAlg {
  return (ALL_ASYMMETRIC as readonly string[]).includes(alg);
}

/**
 * Parses a private key: PEM (PKCS#8 `BEGIN PRIVATE KEY`, PKCS#1 `BEGIN RSA PRIVATE KEY`,
 * SEC1 `BEGIN EC PRIVATE KEY`) or a private JWK in JSON (a one-key JWKS also works).
 * @throws KeyError KEY_MALFORMED | KEY_ENCRYPTED | KEY_PUBLIC_ONLY | KEY_UNSUPPORTED | KEY_ALG_MISMATCH
 */
export async function importPrivateKey(material: string, options: { kid?: string } = {}): Promise<LoadedKey> {
  if (typeof material !== 'string' || material.trim() === '') {
    throw new KeyError('KEY_MALFORMED', 'The private key is empty. Paste a PEM private key or a private JWK (JSON).');
  }
  const text = material.trim();
  if (text.startsWith('{')) return importJwkText(text, options.kid);
  if (looksLikePem(text)) return importPem(normalisePem(text), options.kid);
  throw new KeyError(
    'KEY_MALFORMED',
    'The private key is neither PEM (no "-----BEGIN ... PRIVATE KEY-----" line) nor a JWK (JSON starting with "{").',
  );
}

async function importPem(text: string, kid: string | undefined): Promise<LoadedKey> {
  const block = selectPrivateKeyBlock(text);
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: block.text, format: 'pem' });
  } catch {
    // OpenSSL's decoder message says nothing useful and the input is secret: name the block instead.
    throw new KeyError(
      'KEY_MALFORMED',
      `The "${block.label}" PEM block cannot be parsed: its base64 body is truncated, corrupted or has extra characters. Paste the whole key file unchanged.`,
    );
  }
  const shape = describeKeyObject(keyObject);
  const jwk = await exportJWK(keyObject);
  return finish(keyObject, shape, toPublicJwk(jwk), kid);
}

async function importJwkText(text: string, kid: string | undefined): Promise<LoadedKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyError('KEY_MALFORMED', 'The JWK is not valid JSON (it may be truncated). Paste the complete JSON object.');
  }
  const jwk = singleJwk(parsed);
  const kty = jwk['kty'];
  if (typeof kty !== 'string') throw new KeyError('KEY_MALFORMED', 'The JWK has no "kty" member, so it is not a JSON Web Key.');
  if (kty === 'oct') {
    throw new KeyError(
      'KEY_UNSUPPORTED',
      'This is a symmetric ("kty": "oct") JWK. private_key_jwt needs an RSA, EC or OKP private key; for client_secret_jwt put the shared secret in the client secret field.',
    );
  }
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') {
    throw new KeyError('KEY_UNSUPPORTED', `JWK key type "${kty}" cannot sign client assertions. Use RSA, EC or OKP (Ed25519).`);
  }
  if (typeof jwk['d'] !== 'string') {
    throw new KeyError(
      'KEY_PUBLIC_ONLY',
      `The ${kty} JWK has no "d" member: it is a public key. Signing needs the private JWK (the one that includes "d").`,
    );
  }
  const crv = typeof jwk['crv'] === 'string' ? jwk['crv'] : undefined;
  if (kty !== 'RSA' && (!crv || !JWK_CRV_ALG[crv])) {
    const why = crv === 'X25519' || crv === 'X448' ? ' (a key-agreement curve, it cannot sign)' : '';
    throw new KeyError('KEY_UNSUPPORTED', `JWK curve "${crv ?? '(missing)'}"${why} is not supported. Use P-256, P-384, P-521 or Ed25519.`);
  }
  const importAlg = kty === 'RSA' ? 'RS256' : (JWK_CRV_ALG[crv ?? ''] as AsymmetricAlg);
  const clean: JWK = { ...(jwk as JWK) };
  // Import without alg/use/key_ops restrictions; the declared alg is checked below instead.
  delete clean.alg;
  delete clean.use;
  delete clean.key_ops;
  let keyObject: KeyObject;
  try {
    const imported = await importJWK(clean, importAlg, { extractable: true });
    if (imported instanceof Uint8Array) throw new Error('unexpected symmetric key');
    keyObject = KeyObject.from(imported);
  } catch {
    throw new KeyError(
      'KEY_MALFORMED',
      `The ${kty} JWK's members do not form a valid private key (a value is missing, truncated or edited). Paste the JWK exactly as exported.`,
    );
  }
  const shape = describeKeyObject(keyObject);
  const declared = jwk['alg'];
  if (typeof declared === 'string') {
    if (!isAsymmetricAlg(declared) || !shape.algs.includes(declared)) {
      throw new KeyError(
        'KEY_ALG_MISMATCH',
        `The JWK declares "alg": "${declared}", which a ${shape.description} key cannot sign with (it can: ${shape.algs.join(', ')}).`,
      );
    }
    shape.algs = [declared];
  }
  const ownKid = typeof jwk['kid'] === 'string' && jwk['kid'] !== '' ? jwk['kid'] : undefined;
  return finish(keyObject, shape, toPublicJwk(clean), kid ?? ownKid);
}

function singleJwk(parsed: unknown): Record<string, unknown> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyError('KEY_MALFORMED', 'The JSON is not a JWK object.');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (keys === undefined) return parsed as Record<string, unknown>;
  if (!Array.isArray(keys) || keys.length !== 1 || typeof keys[0] !== 'object' || keys[0] === null) {
    const n = Array.isArray(keys) ? keys.length : 0;
    throw new KeyError('KEY_MALFORMED', `The JSON is a JWK Set with ${n} keys; paste the single private JWK to sign with.`);
  }
  return keys[0] as Record<string, unknown>;
}

interface KeyShape {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
  algs: AsymmetricAlg[];
  description: string;
}

/** What a private KeyObject is and which JWS algorithms it may sign with. */
function describeKeyObject(k: KeyObject): KeyShape {
  const type = k.asymmetricKeyType;
  const details = k.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < 2048) {
        throw new KeyError(
          'KEY_UNSUPPORTED',
          `The RSA key is ${bits} bits; JWS requires at least 2048 bits (RFC 7518 §3.3). Generate a new key of 2048 bits or more.`,
        );
      }
      return { kty: 'RSA', algs: [...RSA_ALGS], description: `RSA ${bits}-bit` };
    }
    case 'ec': {
      const curve = EC_CURVES[details.namedCurve ?? ''];
      if (!curve) {
        throw new KeyError('KEY_UNSUPPORTED', `EC curve "${details.namedCurve ?? 'unknown'}" cannot sign JWTs. Use P-256, P-384 or P-521.`);
      }
      return { kty: 'EC', crv: curve.crv, algs: [curve.alg], description: `EC ${curve.crv}` };
    }
    case 'ed25519':
      return { kty: 'OKP', crv: 'Ed25519', algs: ['EdDSA'], description: 'Ed25519' };
    case 'x25519':
    case 'x448':
      throw new KeyError('KEY_UNSUPPORTED', `${type.toUpperCase()} is a key-agreement key and cannot sign. Use an Ed25519, EC or RSA key.`);
    case 'rsa-pss':
      throw new KeyError(
        'KEY_UNSUPPORTED',
        'RSASSA-PSS-restricted keys (OID id-RSASSA-PSS) are not supported. Use a plain RSA key (rsaEncryption); it can sign PS256/384/512 too.',
      );
    default:
      throw new KeyError(
        'KEY_UNSUPPORTED',
        `${(type ?? 'unknown').toUpperCase()} keys cannot sign client assertions. Use RSA (2048 bits or more), EC (P-256/P-384/P-521) or Ed25519.`,
      );
  }
}

async function finish(keyObject: KeyObject, shape: KeyShape, publicMembers: JWK, kid: string | undefined): Promise<LoadedKey> {
  const thumbprint = await calculateJwkThumbprint(publicMembers, 'sha256');
  const finalKid = kid ?? thumbprint;
  const loaded: LoadedKey = {
    key: keyObject,
    kty: shape.kty,
    kid: finalKid,
    publicJwk: { ...publicMembers, kid: finalKid, use: 'sig' },
    algs: shape.algs,
    description: shape.description,
  };
  if (shape.crv) loaded.crv = shape.crv;
  return loaded;
}

/** The public members of a JWK (drops `d`, CRT parameters and every other member). */
export function toPublicJwk(jwk: JWK): JWK {
  const out: JWK = {};
  for (const m of PUBLIC_MEMBERS) {
    const v = jwk[m];
    if (typeof v === 'string') out[m] = v;
  }
  return out;
}

/**
 * Checks that `alg` can be signed with `key`.
 * @throws KeyError ALG_NONE_REFUSED | KEY_ALG_MISMATCH
 */
export function assertAlgForKey(key: LoadedKey, alg: string): asserts alg is AsymmetricAlg {
  if (alg.toLowerCase() === 'none') throw algNoneRefused();
  if (isAsymmetricAlg(alg) && key.algs.includes(alg)) return;
  const needs = algRequirement(alg);
  throw new KeyError(
    'KEY_ALG_MISMATCH',
    `${alg} ${needs}, but the key is ${key.description} (it can sign: ${key.algs.join(', ')}). Change the signing algorithm or the key.`,
  );
}

/** The error for `alg: none`, shared by every signer. */
export function algNoneRefused(): KeyError {
  return new KeyError(
    'ALG_NONE_REFUSED',
    'Algorithm "none" produces an unsigned JWT; the workbench refuses to create one. Choose a real signing algorithm.',
  );
}

function algRequirement(alg: string): string {
  if (/^(RS|PS)\d{3}$/.test(alg)) return 'needs an RSA key';
  if (alg === 'ES256') return 'needs an EC P-256 key';
  if (alg === 'ES384') return 'needs an EC P-384 key';
  if (alg === 'ES512') return 'needs an EC P-521 key';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'needs an Ed25519 key';
  if (/^HS\d{3}$/.test(alg)) return 'is an HMAC algorithm for client_secret_jwt (shared secret), not for a private key';
  return 'is not a JWS algorithm the workbench signs with';
}

const GENERATE: Record<KeyPairType, { alg: AsymmetricAlg; joseAlg: string; modulusLength?: number }> = {
  'RSA-2048': { alg: 'RS256', joseAlg: 'RS256', modulusLength: 2048 },
  'RSA-3072': { alg: 'RS256', joseAlg: 'RS256', modulusLength: 3072 },
  'EC-P256': { alg: 'ES256', joseAlg: 'ES256' },
  'EC-P384': { alg: 'ES384', joseAlg: 'ES384' },
  Ed25519: { alg: 'EdDSA', joseAlg: 'Ed25519' },
};

/** The key pair types {@link generateKeyPair} accepts. */
export const KEY_PAIR_TYPES: readonly KeyPairType[] = Object.keys(GENERATE) as KeyPairType[];

/**
 * Generates a key pair for `private_key_jwt`. The public JWK (and one-key JWKS) carries
 * `kid` (RFC 7638 thumbprint), `use: 'sig'` and `alg`; register it at the provider.
 */
export async function generateKeyPair(type: KeyPairType): Promise<{
  privateKeyPem: string;
  privateJwk: JWK;
  publicJwk: JWK;
  jwks: { keys: JWK[] };
  kid: string;
  alg: AsymmetricAlg;
}> {
  const spec = GENERATE[type];
  if (!spec) throw new KeyError('KEY_UNSUPPORTED', `Unknown key pair type "${String(type)}". Use one of: ${KEY_PAIR_TYPES.join(', ')}.`);
  const options: { extractable: true; modulusLength?: number } = { extractable: true };
  if (spec.modulusLength) options.modulusLength = spec.modulusLength;
  const { privateKey, publicKey } = await joseGenerateKeyPair(spec.joseAlg, options);
  const publicMembers = toPublicJwk(await exportJWK(publicKey));
  const kid = await calculateJwkThumbprint(publicMembers, 'sha256');
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid };
  const publicJwk: JWK = { ...publicMembers, kid, use: 'sig', alg: spec.alg };
  return { privateKeyPem: await exportPKCS8(privateKey), privateJwk, publicJwk, jwks: { keys: [publicJwk] }, kid, alg: spec.alg };
}

/**
 * Derives the public JWK to register from private key material. `kid`: the given one,
 * else a private JWK's own `kid`, else the RFC 7638 thumbprint; `alg`, when given, is checked against the key and included.
 */
export async function publicJwkFromPrivate(material: string, options: { kid?: string; alg?: AsymmetricAlg } = {}): Promise<JWK> {
  const loaded = await importPrivateKey(material, options.kid !== undefined ? { kid: options.kid } : {});
  // Same kid the assertions carry (given > the JWK's own > thumbprint), so the registration matches.
  const jwk: JWK = { ...loaded.publicJwk };
  if (options.alg !== undefined) {
    assertAlgForKey(loaded, options.alg);
    jwk.alg = options.alg;
  }
  return jwk;
}
