/**
 * splitPemBundle (src/core/mtls/pem-bundle.ts): one PEM file holding a client certificate
 * and its key, as the certificate picker reads it. Any text splits without throwing, a
 * certificate + key pair splits back into its parts, and a hostile file at the picker's
 * 256 KB cap splits within the event-loop budget (the lazy regex it replaced took 2 s on
 * 256 KB of BEGIN lines without an END).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateKeyPair, loadClientCertificate, splitPemBundle } from '../../src/core';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { assertWithinBudget } from './helpers/event-loop';

const CAP = 256 * 1024;

describe('splitPemBundle', function () {
  this.timeout(60_000);
  let cert: string;
  let key: string;

  before(async () => {
    const pair = await generateKeyPair('RSA-2048');
    key = pair.privateKeyPem.trim();
    cert = (await selfSignedCertificate(pair.privateKeyPem, { commonName: 'bundle' })).pem.trim();
  });

  it('splits a certificate and its key in either order into parts the loader accepts', async () => {
    for (const text of [`${cert}\n${key}\n`, `${key}\n\n${cert}`]) {
      const parts = splitPemBundle(text);
      assert.equal(parts.key, key);
      assert.equal(parts.certificates, cert);
      const loaded = await loadClientCertificate({ clientCertificate: parts.certificates, clientCertificateKey: parts.key });
      assert.equal(loaded?.info.subjectDn, 'CN=bundle');
    }
  });

  it('finds an encrypted or a PKCS#1 key, and no key where a BEGIN has no END of its own label', () => {
    const enc = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----';
    assert.equal(splitPemBundle(`${cert}\n${enc}`).key, enc);
    const rsa = '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----';
    assert.equal(splitPemBundle(`${rsa}\n${cert}`).key, rsa);
    const crossed = '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----';
    assert.deepEqual(splitPemBundle(`${cert}\n${crossed}`), { certificates: `${cert}\n${crossed}` });
    assert.deepEqual(splitPemBundle(cert), { certificates: cert });
  });

  it('never throws; a key found is a whole BEGIN…END block and the rest is the text without it (fast-check)', () => {
    const piece = fc.constantFrom(
      '-----BEGIN PRIVATE KEY-----',
      '-----END PRIVATE KEY-----',
      '-----BEGIN EC PRIVATE KEY-----',
      '-----END EC PRIVATE KEY-----',
      '-----BEGIN CERTIFICATE-----',
      '-----END CERTIFICATE-----',
      '-----',
      '\n',
      'MIIB',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 30 }).map((a) => a.join('')),
        (text) => {
          const { certificates, key: found } = splitPemBundle(text);
          if (found === undefined) return certificates === text.trim();
          const at = text.indexOf(found);
          return (
            at !== -1 &&
            /^-----BEGIN (ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY-----/.test(found) &&
            /-----END (ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY-----$/.test(found) &&
            certificates === (text.slice(0, at) + text.slice(at + found.length)).trim()
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('splits hostile files at the 256 KB cap within the event-loop budget', async () => {
    const fill = (unit: string): string => unit.repeat(Math.floor(CAP / unit.length));
    const shapes: Record<string, string> = {
      'BEGIN lines without an END': fill('-----BEGIN PRIVATE KEY-----\n'),
      'every key label, no END': fill(
        '-----BEGIN RSA PRIVATE KEY-----\n-----BEGIN EC PRIVATE KEY-----\n-----BEGIN ENCRYPTED PRIVATE KEY-----\n',
      ),
      'made-up labels': fill('-----BEGIN AB PRIVATE KEY-----\n-----BEGIN XY PRIVATE KEY-----\n'),
      'BEGIN without closing dashes': fill('-----BEGIN '),
      'dashes only': fill('-'),
    };
    for (const [name, text] of Object.entries(shapes)) {
      const { result } = await assertWithinBudget(`splitPemBundle: ${name}`, () => splitPemBundle(text), undefined, 3);
      assert.equal(result.key, undefined, name);
    }
  });
});
