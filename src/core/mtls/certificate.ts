/**
 * Client certificates (RFC 8705): a PEM chain (leaf first) + PEM private key (PKCS#8,
 * PKCS#1, SEC1, or encrypted PKCS#8 with a passphrase), or a PKCS#12 / PFX file with its
 * passphrase. node:crypto parses certificates and keys (`X509Certificate`,
 * `createPrivateKey`); PKCS#12 containers are opened with node-forge (which reads the
 * legacy RC2/3DES as well as the AES/PBKDF2 ones) and turned into the same PEM form, so
 * TLS and every check downstream see one shape. Failures are {@link KeyError}s naming
 * what is wrong, never key material.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ConfigError, KeyError } from '../errors';
import type { ClientCertificateSecrets, ClientSecrets } from '../types';

/** Non-secret facts about a certificate (what a server registers, what diagnosis quotes). */
export interface CertificateInfo {
  /** Subject DN, RFC 4514 order (most specific first), e.g. `CN=client,O=Example`. */
  subjectDn: string;
  /** subjectAltName entries, e.g. `DNS:client.example`, `URI:...`, `email:...`, `IP Address:...`. */
  subjectAltNames: string[];
  issuerDn: string;
  selfSigned: boolean;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** base64url SHA-256 of the DER (`x5t#S256`, RFC 8705 `cnf`, assertion header). */
  x5tS256: string;
  /** base64url SHA-1 of the DER (`x5t`). */
  x5t: string;
  /** e.g. "RSA 2048-bit", "EC P-256". */
  keyDescription: string;
}

/** A client certificate as chosen and checked by {@link loadClientCertificate}: its secrets and its facts. */
export interface CheckedCertificate {
  secrets: ClientCertificateSecrets;
  info: CertificateInfo;
}

/** A usable client certificate: what TLS presents, and its facts. Holds key material: never log `tls`. */
export interface ClientCertificate {
  /** PEM for TLS (`cert`: the chain, `key`: PKCS#8 unencrypted). */
  tls: { cert: string; key: string };
  info: CertificateInfo;
  /** The leaf certificate. */
  leaf: X509Certificate;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** base64url SHA-256 and SHA-1 of a DER certificate (`x5t#S256`, `x5t`). */
export function certificateThumbprints(der: Buffer): { x5tS256: string; x5t: string } {
  return {
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    x5t: createHash('sha1').update(der).digest('base64url'),
  };
}

/** `CN=a\nO=b` (node's order: most general first) → `CN=a,O=b`... in RFC 4514 order (most specific first). */
function rfc4514(nodeDn: string): string {
  return nodeDn
    .split('\n')
    .filter(Boolean)
    .reverse()
    .map((rdn) => rdn.replace(/,/g, '\\,'))
    .join(',');
}

function describeKey(k: KeyObject): string {
  const d = k.asymmetricKeyDetails ?? {};
  switch (k.asymmetricKeyType) {
    case 'rsa':
      return `RSA ${d.modulusLength ?? '?'}-bit`;
    case 'ec':
      return `EC ${d.namedCurve === 'prime256v1' ? 'P-256' : d.namedCurve === 'secp384r1' ? 'P-384' : (d.namedCurve ?? '?')}`;
    default:
      return (k.asymmetricKeyType ?? 'unknown').toUpperCase();
  }
}

/** Facts about one certificate. */
export function certificateInfo(cert: X509Certificate): CertificateInfo {
  return {
    subjectDn: rfc4514(cert.subject),
    subjectAltNames: (cert.subjectAltName ?? '')
      .split(/,\s*/)
      .map((s) => s.trim())
      .filter(Boolean),
    issuerDn: rfc4514(cert.issuer),
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    ...certificateThumbprints(cert.raw),
    keyDescription: describeKey(cert.publicKey),
  };
}

/**
 * Parses the certificates of a PEM text (leaf first).
 * @throws KeyError CERT_MALFORMED
 */
export function parseCertificateChain(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    throw new KeyError(
      'CERT_MALFORMED',
      'No "-----BEGIN CERTIFICATE-----" block found. Paste the certificate (PEM), leaf first, then any intermediates.',
    );
  }
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch {
      throw new KeyError(
        'CERT_MALFORMED',
        `Certificate ${i + 1} of the chain cannot be parsed: its base64 body is truncated or corrupted.`,
      );
    }
  });
}

function importCertificateKey(pem: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch (e) {
    const encrypted = /ENCRYPTED/.test(pem);
    if (encrypted) {
      throw new KeyError(
        'KEY_ENCRYPTED',
        passphrase
          ? 'The certificate key is encrypted and the passphrase does not open it. Check the passphrase.'
          : 'The certificate key is encrypted: set its passphrase too.',
        { cause: e },
      );
    }
    throw new KeyError('KEY_MALFORMED', 'The certificate key is not a PEM private key (PKCS#8, PKCS#1 or SEC1), or it is truncated.');
  }
}

/**
 * The client certificate from PEM texts.
 * @throws KeyError CERT_MALFORMED | CERT_KEY_MISMATCH | KEY_ENCRYPTED | KEY_MALFORMED
 */
export function clientCertificateFromPem(certPem: string, keyPem: string, passphrase?: string): ClientCertificate {
  const chain = parseCertificateChain(certPem);
  const key = importCertificateKey(keyPem, passphrase);
  const leafIndex = chain.findIndex((c) => c.checkPrivateKey(key));
  if (leafIndex < 0) {
    throw new KeyError(
      'CERT_KEY_MISMATCH',
      `The private key does not belong to the certificate (${rfc4514(chain[0]!.subject)}): its public key differs. Use the key the certificate was issued for.`,
    );
  }
  // The leaf (the certificate of the key) goes first, as TLS presents it.
  const ordered = [chain[leafIndex]!, ...chain.filter((_, i) => i !== leafIndex)];
  const leaf = ordered[0]!;
  return {
    tls: { cert: ordered.map((c) => c.toString()).join('\n'), key: key.export({ type: 'pkcs8', format: 'pem' }).toString() },
    info: certificateInfo(leaf),
    leaf,
  };
}

/**
 * The client certificate from a PKCS#12 / PFX file (base64).
 * @throws KeyError CERT_MALFORMED | KEY_ENCRYPTED (wrong passphrase) | CERT_KEY_MISMATCH
 */
export async function clientCertificateFromPkcs12(base64: string, passphrase = ''): Promise<ClientCertificate> {
  const forge = (await import('node-forge')).default;
  const der = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  let p12: import('node-forge').pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), false, passphrase);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    if (/mac|password|invalid/i.test(message)) {
      throw new KeyError(
        'KEY_ENCRYPTED',
        'The PKCS#12 file does not open with this passphrase. Check the passphrase (an empty one is allowed).',
      );
    }
    throw new KeyError('CERT_MALFORMED', 'The PKCS#12 / PFX file cannot be parsed: it is truncated or not a PKCS#12 file.');
  }
  const asn1Der = (asn1: import('node-forge').asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  const certs: string[] = [];
  for (const bag of p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? []) {
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    certs.push(new X509Certificate(asn1Der(asn1)).toString());
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? []),
  ];
  const bag = keyBags[0];
  if (!bag || certs.length === 0) {
    throw new KeyError(
      'CERT_MALFORMED',
      `The PKCS#12 file holds ${certs.length} certificate(s) and ${keyBags.length} key(s); it needs the client certificate and its private key.`,
    );
  }
  // RSA keys come decoded, other types as their PrivateKeyInfo (forge decodes RSA only).
  const pkcs8 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  const keyPem = createPrivateKey({ key: asn1Der(pkcs8), format: 'der', type: 'pkcs8' })
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return clientCertificateFromPem(certs.join('\n'), keyPem);
}

const cache = new Map<string, Promise<ClientCertificate>>();
const CACHE_LIMIT = 16;

/**
 * The profile's client certificate (PEM pair, or PKCS#12), parsed once per material;
 * undefined when none is stored.
 * @throws KeyError (see the two loaders); ConfigError CONFIG_MISSING_SECRET for a certificate without its key
 */
export async function loadClientCertificate(secrets: ClientSecrets): Promise<ClientCertificate | undefined> {
  const { clientCertificate, clientCertificateKey, clientPkcs12, clientCertificatePassphrase } = secrets;
  if (!clientPkcs12 && !clientCertificate) return undefined;
  if (!clientPkcs12 && !clientCertificateKey) {
    throw new ConfigError(
      'CONFIG_MISSING_SECRET',
      'The client certificate has no private key stored: set the certificate key (PEM), or import a PKCS#12 file.',
    );
  }
  const digest = createHash('sha256')
    .update(JSON.stringify([clientPkcs12 ?? '', clientCertificate ?? '', clientCertificateKey ?? '', clientCertificatePassphrase ?? '']))
    .digest('hex');
  let hit = cache.get(digest);
  if (!hit) {
    hit = clientPkcs12
      ? clientCertificateFromPkcs12(clientPkcs12, clientCertificatePassphrase)
      : Promise.resolve().then(() => clientCertificateFromPem(clientCertificate!, clientCertificateKey!, clientCertificatePassphrase));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(digest, hit);
    hit.catch(() => cache.delete(digest));
  }
  return hit;
}
