/**
 * Compact JWS signing with node:crypto: the per-request hot path of client assertions
 * (and of DPoP proofs). Hand-written on purpose: jose 6 signs through WebCrypto, which
 * `npm run bench` measured at 1.4× (RSA) to 3.7× (EC, Ed25519) the cost of
 * `crypto.sign` with the same key. jose stays for key import, JWK work and every
 * verification; the tests show this signer's output is what jose produces (byte for
 * byte for the deterministic algorithms) and that jose verifies it.
 */
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import type { SigningAlg } from '../types';

/** A protected header: `alg` plus any other parameters (`kid`, `typ`, `x5t#S256`, `jwk`, ...), serialised in insertion order. */
export type JwsHeader = { alg: SigningAlg } & Record<string, unknown>;

/** The private key of an asymmetric algorithm, or the shared secret's bytes of an HS* one. */
export type JwsKey = KeyObject | Uint8Array;

type Signer = (input: Buffer, key: JwsKey) => Buffer;

const digest = (alg: string): string => `sha${alg.slice(2)}`;

/** The key type each asymmetric algorithm needs: node would otherwise happily sign RS256 with an EC key. */
const KEY_KIND: Partial<Record<SigningAlg, string>> = {
  RS256: 'rsa',
  RS384: 'rsa',
  RS512: 'rsa',
  PS256: 'rsa',
  PS384: 'rsa',
  PS512: 'rsa',
  ES256: 'ec prime256v1',
  ES384: 'ec secp384r1',
  ES512: 'ec secp521r1',
  EdDSA: 'ed25519',
};
const kinds = new WeakMap<KeyObject, string>();
function keyKind(key: KeyObject): string {
  let kind = kinds.get(key);
  if (kind === undefined) {
    kind = key.asymmetricKeyType === 'ec' ? `ec ${key.asymmetricKeyDetails?.namedCurve ?? ''}` : String(key.asymmetricKeyType);
    kinds.set(key, kind);
  }
  return kind;
}

function asKeyObject(alg: SigningAlg, key: JwsKey): KeyObject {
  if (key instanceof Uint8Array) throw new TypeError(`${alg} signs with a private key, not a shared secret`);
  if (key.type !== 'private' || keyKind(key) !== KEY_KIND[alg]) throw new TypeError(`${alg} needs a private ${KEY_KIND[alg]} key`);
  return key;
}

function signerFor(alg: SigningAlg): Signer {
  const hash = digest(alg);
  switch (alg) {
    case 'RS256':
    case 'RS384':
    case 'RS512':
      return (input, key) => sign(hash, input, asKeyObject(alg, key));
    case 'PS256':
    case 'PS384':
    case 'PS512':
      // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
      return (input, key) =>
        sign(hash, input, {
          key: asKeyObject(alg, key),
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        });
    case 'ES256':
    case 'ES384':
    case 'ES512':
      // RFC 7518 §3.4: r || s, each the curve's size — not DER.
      return (input, key) => sign(hash, input, { key: asKeyObject(alg, key), dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return (input, key) => sign(null, input, asKeyObject(alg, key));
    case 'HS256':
    case 'HS384':
    case 'HS512':
      return (input, key) => {
        if (!(key instanceof Uint8Array)) throw new TypeError('HMAC algorithms sign with the shared secret');
        return createHmac(hash, key).update(input).digest();
      };
    default:
      throw new TypeError(`unsupported JWS algorithm ${String(alg)}`);
  }
}

const SIGNERS = new Map<SigningAlg, Signer>();

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * `BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)` (RFC 7515 §7.1).
 * The caller has checked that `key` fits `header.alg`; a mismatch throws node's error.
 */
export function signJws(header: JwsHeader, payload: Record<string, unknown>, key: JwsKey): string {
  let signer = SIGNERS.get(header.alg);
  if (!signer) {
    signer = signerFor(header.alg);
    SIGNERS.set(header.alg, signer);
  }
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${signer(Buffer.from(input, 'latin1'), key).toString('base64url')}`;
}
