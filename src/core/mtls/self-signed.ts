/**
 * A self-signed certificate for a key pair the workbench generated, to upload where a
 * provider registers certificates instead of JWKs (Entra ID certificate credentials,
 * `self_signed_tls_client_auth`). Built with node-forge, which signs with RSA keys only
 * — the key type Entra ID accepts; other key types get a clear KeyError.
 */
import { createPrivateKey, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { KeyError } from '../errors';
import { certificateInfo, type CertificateInfo } from './certificate';

/**
 * Issues a self-signed certificate (SHA-256, `CN=<commonName>`) for an RSA private key (PEM).
 * @throws KeyError KEY_UNSUPPORTED (not RSA) | KEY_MALFORMED
 */
export async function selfSignedCertificate(
  privateKeyPem: string,
  o: { commonName: string; days?: number; now?: Date },
): Promise<{ pem: string; info: CertificateInfo }> {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new KeyError('KEY_MALFORMED', 'The private key is not a PEM private key; generate the key pair again.');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyError(
      'KEY_UNSUPPORTED',
      `Certificates are generated for RSA keys (what Entra ID accepts); this key is ${(key.asymmetricKeyType ?? 'unknown').toUpperCase()}. Generate an RSA key pair for certificate credentials.`,
    );
  }
  const forge = (await import('node-forge')).default;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString());
  // A positive 16-byte serial (RFC 5280 §4.1.2.2).
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = o.now ?? new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + (o.days ?? 365) * 86_400_000);
  const attrs = [{ name: 'commonName', value: o.commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(key.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  return { pem, info: certificateInfo(new X509Certificate(pem)) };
}
