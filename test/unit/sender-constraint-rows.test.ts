/**
 * The tree rows of a client's sender constraints (src/shell/tree/sender-constraint-rows.ts):
 * DPoP mode with the key thumbprint, mTLS certificate subject with its expiry (expired
 * said so) — computed from real keys and certificates, and never a secret in the text.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { generateDpopKey } from '../../src/core/dpop/mode';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { senderConstraintFacts } from '../../src/shell/tree/sender-constraint-facts';
import { senderConstraintRows } from '../../src/shell/tree/sender-constraint-rows';

const NOW = Date.parse('2026-06-01T00:00:00Z') / 1000;

describe('tree: DPoP and mTLS facts of a client', function () {
  this.timeout(20_000);

  it('DPoP: the mode and the thumbprint of the stored key; a key to come when none is stored yet', async () => {
    const k = await generateDpopKey();
    const facts = await senderConstraintFacts({ dpopKey: k.privateKeyPem });
    assert.equal(facts.dpopJkt, k.jkt);
    const rows = senderConstraintRows({ authMethod: 'private_key_jwt', dpop: 'always' }, facts, NOW);
    assert.deepEqual(rows, [['DPoP', `always · jkt ${k.jkt}`, 'shield']]);
    assert.deepEqual(senderConstraintRows({ authMethod: 'private_key_jwt', dpop: 'auto' }, {}, NOW), [
      ['DPoP', 'when the server advertises it · key generated on first use', 'shield'],
    ]);
    assert.deepEqual(
      senderConstraintRows({ authMethod: 'private_key_jwt', dpop: 'auto' }, undefined, NOW)[0]?.[1],
      'when the server advertises it · …',
    );
    assert.ok(!JSON.stringify(rows).includes(k.privateKeyPem.split('\n')[1]!), 'no key material');
  });

  it('a client without DPoP or mTLS gets no rows', () => {
    assert.deepEqual(senderConstraintRows({ authMethod: 'client_secret_basic' }, {}, NOW), []);
    assert.deepEqual(senderConstraintRows({ authMethod: 'private_key_jwt', dpop: 'off' }, {}, NOW), []);
  });

  it('mTLS: the certificate subject and its expiry; an expired one says EXPIRED; a tls_client_auth client without one says not set', async () => {
    const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cert = await selfSignedCertificate(keyPem, { commonName: 'svc-client', days: 30, now: new Date(NOW * 1000) });
    const facts = await senderConstraintFacts({ clientCertificate: cert.pem, clientCertificateKey: keyPem });
    assert.equal(facts.certificate?.subjectDn, cert.info.subjectDn);
    const [row] = senderConstraintRows({ authMethod: 'tls_client_auth' }, facts, NOW);
    assert.equal(row?.[0], 'Client certificate');
    assert.match(row[1], /CN=svc-client · expires 2026-07-01 \(in (29|30)d/);
    const [expired] = senderConstraintRows({ authMethod: 'tls_client_auth' }, facts, NOW + 40 * 86400);
    assert.match(expired![1], /CN=svc-client · EXPIRED 2026-07-01 \(\d+d \d+h ago\)/);
    assert.deepEqual(senderConstraintRows({ authMethod: 'self_signed_tls_client_auth' }, {}, NOW), [
      ['Client certificate', 'not set', 'workspace-trusted'],
    ]);
    assert.ok(!JSON.stringify(row).includes(keyPem.split('\n')[1]!), 'no key material');
  });

  it('unreadable material has no facts (no throw)', async () => {
    assert.deepEqual(await senderConstraintFacts({ dpopKey: 'not a key', clientCertificate: 'not a certificate' }), {});
  });
});
