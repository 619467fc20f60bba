/**
 * Certificate credentials for `private_key_jwt` (Entra ID and others): when the client
 * holds the certificate of its signing key, the assertion header names it by
 * thumbprint — `x5t#S256` and/or `x5t` (base64url SHA-256 / SHA-1 of the DER).
 */
import { KeyObject } from 'node:crypto';
import { ConfigError, KeyError } from '../errors';
import type { LoadedKey } from '../crypto/keys';
import type { CertificateHeaderMode, ClientProfile, ClientSecrets } from '../types';
import { certificateThumbprints, parseCertificateChain } from './certificate';

/** True for Entra ID issuers (login.microsoftonline.com and its sovereign clouds' login hosts). */
export function isEntraIssuer(issuer: string): boolean {
  try {
    return /^login\.(microsoftonline\.(com|us)|partner\.microsoftonline\.cn|chinacloudapi\.cn)$/i.test(new URL(issuer).hostname);
  } catch {
    return false;
  }
}

/**
 * The header mode in effect: the profile's, else `both` for Entra ID when the client
 * holds a signing certificate, else `none`.
 */
export function certificateHeaderMode(
  profile: Pick<ClientProfile, 'assertionCertificateHeader' | 'issuer'>,
  secrets: Pick<ClientSecrets, 'signingCertificate'>,
): CertificateHeaderMode {
  if (profile.assertionCertificateHeader) return profile.assertionCertificateHeader;
  return secrets.signingCertificate && isEntraIssuer(profile.issuer) ? 'both' : 'none';
}

/**
 * The thumbprint header parameters for an assertion signed with `key`.
 * @throws ConfigError CONFIG_MISSING_SECRET (a mode without a certificate); KeyError CERT_MALFORMED | CERT_KEY_MISMATCH
 */
export function certificateHeaderParams(
  profile: Pick<ClientProfile, 'assertionCertificateHeader' | 'issuer' | 'name'>,
  secrets: Pick<ClientSecrets, 'signingCertificate'>,
  key: LoadedKey,
): Record<string, string> {
  const mode = certificateHeaderMode(profile, secrets);
  if (mode === 'none') return {};
  if (!secrets.signingCertificate) {
    throw new ConfigError(
      'CONFIG_MISSING_SECRET',
      `Profile "${profile.name}" puts ${mode} in its assertions but holds no certificate of its signing key. Set the certificate (PEM) you uploaded to the provider, or generate one with the key pair.`,
    );
  }
  const [cert] = parseCertificateChain(secrets.signingCertificate);
  if (key.key instanceof KeyObject && !cert!.checkPrivateKey(key.key)) {
    throw new KeyError(
      'CERT_KEY_MISMATCH',
      'The signing certificate is not the certificate of the private key (their public keys differ). Set the certificate issued for this key.',
    );
  }
  const t = certificateThumbprints(cert!.raw);
  return { ...(mode !== 'x5t' ? { 'x5t#S256': t.x5tS256 } : {}), ...(mode !== 'x5t#S256' ? { x5t: t.x5t } : {}) };
}
