/**
 * One PEM text holding a certificate chain and its private key (`cat cert.pem key.pem`,
 * what many tools export): split into the certificates and the key. Read with indexOf in
 * one forward pass per key label, so a file at the picker's size cap is split in linear
 * time whatever it holds (a lazy regex took 2 s on 256 KB of BEGIN lines without an END).
 */

/** The PEM labels of the private keys node:crypto reads (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, DSA). */
const KEY_LABELS: ReadonlySet<string> = new Set([
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
]);

const BEGIN = '-----BEGIN ';
const DASHES = '-----';

/**
 * The first complete private key block of `text` (BEGIN and its matching END) and the
 * text without it (the certificates, trimmed); `key` is undefined when there is none.
 */
export function splitPemBundle(text: string): { certificates: string; key?: string } {
  // A label whose END is missing after some BEGIN is missing after every later one: searched once.
  const unmatched = new Set<string>();
  for (let at = text.indexOf(BEGIN); at !== -1; at = text.indexOf(BEGIN, at + BEGIN.length)) {
    const labelEnd = text.indexOf(DASHES, at + BEGIN.length);
    if (labelEnd === -1) break;
    const label = text.slice(at + BEGIN.length, labelEnd);
    if (!KEY_LABELS.has(label) || unmatched.has(label)) continue;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, labelEnd);
    if (end === -1) {
      unmatched.add(label);
      continue;
    }
    const after = end + endMarker.length;
    return { certificates: (text.slice(0, at) + text.slice(after)).trim(), key: text.slice(at, after) };
  }
  return { certificates: text.trim() };
}
