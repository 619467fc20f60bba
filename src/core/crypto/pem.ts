/**
 * Looks inside PEM text before any parser sees it, so that a bad key is reported
 * by what it is (encrypted, public, truncated, OpenSSH...) rather than by an
 * OpenSSL decoder message. Never echoes key material.
 */
import { KeyError } from '../errors';

/** One `-----BEGIN X----- ... -----END X-----` block. */
export interface PemBlock {
  label: string;
  /** The block text including its BEGIN/END lines. */
  text: string;
  /** Headers such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption). */
  encryptedLegacy: boolean;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;

const PRIVATE_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE']);

/** True when the text looks like PEM (has a BEGIN line). */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/**
 * Normalises pasted PEM: literal `\n` sequences (PEM copied out of a JSON string or an
 * environment variable) become real newlines, CRLF becomes LF, and each line loses the
 * indentation and trailing blanks it got from YAML, Markdown or a config file (PEM
 * lines never start or end with a blank).
 */
export function normalisePem(text: string): string {
  let t = text.trim();
  if (!t.includes('\n') && t.includes('\\n')) t = t.replace(/\\r\\n|\\n/g, '\n');
  return t
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .join('\n');
}

/** Splits PEM text into its blocks; a BEGIN without its END is reported as truncated. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BEGIN)) {
    const label = m[1] ?? '';
    const start = m.index ?? 0;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, start);
    if (end < 0) {
      throw new KeyError(
        'KEY_MALFORMED',
        `The PEM "${label}" block has no "${endMarker}" line: the key looks truncated. Paste the whole file, including the BEGIN and END lines.`,
      );
    }
    const blockText = text.slice(start, end + endMarker.length);
    blocks.push({ label, text: blockText, encryptedLegacy: /Proc-Type:\s*4,\s*ENCRYPTED/i.test(blockText) });
  }
  return blocks;
}

/**
 * Picks the private-key block out of PEM text, or throws a {@link KeyError} naming
 * exactly why there is none usable.
 */
export function selectPrivateKeyBlock(text: string): PemBlock {
  const blocks = pemBlocks(text);
  const encrypted = blocks.find((b) => b.label === 'ENCRYPTED PRIVATE KEY' || (PRIVATE_LABELS.has(b.label) && b.encryptedLegacy));
  if (encrypted) {
    throw new KeyError(
      'KEY_ENCRYPTED',
      `The private key is encrypted with a passphrase ("${encrypted.label}"${encrypted.encryptedLegacy ? ', Proc-Type ENCRYPTED' : ''}). ` +
        'The workbench does not store passphrases; decrypt it first: openssl pkey -in key.pem -out key-plain.pem',
    );
  }
  const priv = blocks.find((b) => PRIVATE_LABELS.has(b.label));
  if (priv) return priv;
  const other = blocks[0];
  if (!other) throw new KeyError('KEY_MALFORMED', 'No PEM block found (expected a "-----BEGIN PRIVATE KEY-----" line).');
  if (PUBLIC_LABELS.has(other.label)) {
    throw new KeyError(
      'KEY_PUBLIC_ONLY',
      `This is a ${other.label.toLowerCase()}, not a private key. Signing a client assertion needs the private key ("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY" or "BEGIN EC PRIVATE KEY").`,
    );
  }
  if (other.label === 'OPENSSH PRIVATE KEY') {
    throw new KeyError(
      'KEY_UNSUPPORTED',
      'OpenSSH private key format is not supported. Convert it to PKCS#8 first: ssh-keygen -p -N "" -m pkcs8 -f <copy-of-key>',
    );
  }
  if (other.label === 'DSA PRIVATE KEY') {
    throw new KeyError(
      'KEY_UNSUPPORTED',
      'DSA keys cannot sign JWTs. Use an RSA (2048 bits or more), EC (P-256/P-384/P-521) or Ed25519 key.',
    );
  }
  throw new KeyError(
    'KEY_UNSUPPORTED',
    `A PEM "${other.label}" block is not a private key the workbench can use. Expected "BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY" or "BEGIN EC PRIVATE KEY".`,
  );
}
