/**
 * Whether a call uses DPoP (the profile's mode against the server's metadata), the
 * client's DPoP key (imported once per profile through the KeyCache), and a fresh key
 * for a client that has none.
 */
import type { CallContext } from '../client-auth';
import { generateKeyPair, importPrivateKey, type KeyPairType, type LoadedKey } from '../crypto/keys';
import { ConfigError } from '../errors';
import type { AsymmetricAlg, ClientProfile, ServerMetadata } from '../types';
import { dpopJkt } from './proof';

/**
 * True when the client sends DPoP proofs to the token endpoint: mode `always`, or `auto`
 * and the server advertises `dpop_signing_alg_values_supported` (RFC 9449 §5.1).
 */
export function dpopActive(profile: Pick<ClientProfile, 'dpop'>, metadata: ServerMetadata | undefined): boolean {
  if (profile.dpop === 'always') return true;
  if (profile.dpop !== 'auto') return false;
  const algs = metadata?.dpop_signing_alg_values_supported;
  return Array.isArray(algs) && algs.length > 0;
}

import { dpopCacheId } from './cache-id';

export { dpopCacheId } from './cache-id';

/**
 * The profile's DPoP key.
 * @throws ConfigError CONFIG_MISSING_SECRET when none is stored; KeyError when it cannot be imported
 */
export async function loadDpopKey(ctx: CallContext): Promise<LoadedKey> {
  const material = ctx.secrets.dpopKey;
  if (!material) {
    throw new ConfigError(
      'CONFIG_MISSING_SECRET',
      `Profile "${ctx.profile.name}" uses DPoP but has no DPoP key. Generate one ("OAuth: Generate DPoP Key"), or import a private key (PEM or JWK); it is kept in VS Code's secret storage.`,
    );
  }
  return ctx.keyCache ? ctx.keyCache.get(dpopCacheId(ctx.profile.id), material) : importPrivateKey(material);
}

const KEY_TYPE_FOR_ALG: Partial<Record<AsymmetricAlg, KeyPairType>> = {
  ES256: 'EC-P256',
  ES384: 'EC-P384',
  RS256: 'RSA-2048',
  PS256: 'RSA-2048',
  EdDSA: 'Ed25519',
};

/**
 * A new DPoP key pair (ES256 by default; RS/PS → RSA 2048, EdDSA → Ed25519): the private
 * key as PEM (to store as a secret), its algorithm and thumbprint (`jkt`, safe to show).
 */
export async function generateDpopKey(alg: AsymmetricAlg = 'ES256'): Promise<{ privateKeyPem: string; alg: AsymmetricAlg; jkt: string }> {
  const type = KEY_TYPE_FOR_ALG[alg] ?? (alg.startsWith('RS') || alg.startsWith('PS') ? 'RSA-2048' : undefined);
  if (!type) throw new ConfigError('CONFIG_INVALID', `No DPoP key type fits ${alg}; use ES256 (default), ES384, RS256, PS256 or EdDSA.`);
  const pair = await generateKeyPair(type);
  const key = await importPrivateKey(pair.privateKeyPem);
  return { privateKeyPem: pair.privateKeyPem, alg, jkt: await dpopJkt(key) };
}
