/**
 * Non-secret facts about a profile's certificates for the diagnosis (subject, validity,
 * thumbprint, whether the stored key belongs to it). Never throws: a certificate that
 * cannot be read simply has no facts.
 */
import { createPrivateKey } from 'node:crypto';
import type { CertificateFacts } from '../diagnose/context';
import type { ClientSecrets } from '../types';
import { certificateInfo, loadClientCertificate, parseCertificateChain } from './certificate';

function facts(certPem: string, keyPem: string | undefined, passphrase?: string): CertificateFacts | undefined {
  try {
    const [leaf] = parseCertificateChain(certPem);
    const info = certificateInfo(leaf!);
    let keyMatches: boolean | undefined;
    if (keyPem) {
      try {
        keyMatches = leaf!.checkPrivateKey(createPrivateKey({ key: keyPem, ...(passphrase ? { passphrase } : {}) }));
      } catch {
        keyMatches = undefined;
      }
    }
    const { subjectDn, subjectAltNames, notBefore, notAfter, x5tS256 } = info;
    return { subjectDn, subjectAltNames, notBefore, notAfter, x5tS256, ...(keyMatches !== undefined ? { keyMatches } : {}) };
  } catch {
    return undefined;
  }
}

/** Facts of the mTLS client certificate and of the signing certificate, as far as the profile holds them. */
export async function certificateFacts(
  secrets: ClientSecrets,
): Promise<{ clientCertificate?: CertificateFacts; signingCertificate?: CertificateFacts }> {
  const out: { clientCertificate?: CertificateFacts; signingCertificate?: CertificateFacts } = {};
  if (secrets.clientPkcs12) {
    const cert = await loadClientCertificate(secrets).catch(() => undefined);
    if (cert) out.clientCertificate = { ...facts(cert.tls.cert, undefined)!, keyMatches: true };
  } else if (secrets.clientCertificate) {
    const f = facts(secrets.clientCertificate, secrets.clientCertificateKey, secrets.clientCertificatePassphrase);
    if (f) out.clientCertificate = f;
  }
  if (secrets.signingCertificate) {
    const f = facts(secrets.signingCertificate, secrets.privateKey?.trim().startsWith('-----') ? secrets.privateKey : undefined);
    if (f) out.signingCertificate = f;
  }
  return out;
}
