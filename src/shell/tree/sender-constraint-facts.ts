/**
 * Non-secret facts of a client's stored DPoP key and client certificate, for the tree:
 * the key thumbprint and the certificate's subject and validity. The key and certificate
 * stay in SecretStorage; the core computes the facts. Loaded on first use (key import and
 * the certificate parser are not part of activation). No vscode.
 */
import {
  certificateFacts,
  dpopJkt,
  importPrivateKey,
  type CertificateFacts,
  type ClientCertificateSecrets,
  type ClientSecrets,
} from '../../core';

/** What the tree may show of a client's DPoP key and client certificate. */
export interface SenderConstraintFacts {
  dpopJkt?: string;
  certificate?: CertificateFacts;
}

/** Facts of the stored DPoP key and client certificate; unreadable material has no facts (the diagnosis names it). */
export async function senderConstraintFacts(
  secrets: Pick<ClientSecrets, 'dpopKey'> & ClientCertificateSecrets,
): Promise<SenderConstraintFacts> {
  const jkt = secrets.dpopKey
    ? await importPrivateKey(secrets.dpopKey)
        .then((k) => dpopJkt(k))
        .catch(() => undefined)
    : undefined;
  const { clientCertificate } = await certificateFacts(secrets);
  return { ...(jkt ? { dpopJkt: jkt } : {}), ...(clientCertificate ? { certificate: clientCertificate } : {}) };
}
