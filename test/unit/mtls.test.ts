/**
 * mTLS (RFC 8705) and certificate credentials against real peers: oidc-provider behind an
 * HTTPS front that asks for client certificates (test CA made at test time), its
 * `mtls_endpoint_aliases`, tls_client_auth and self_signed_tls_client_auth clients with
 * certificate-bound tokens; and an Entra-like token endpoint that knows a client only by
 * its certificate (`x5t#S256`).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import type { CallContext } from '../../src/core/client-auth';
import { discover, resolveEndpoints } from '../../src/core/discovery';
import { createDispatcher } from '../../src/core/http/dispatcher';
import { clientCertificateFromPem, clientCertificateFromPkcs12 } from '../../src/core/mtls/certificate';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { introspect } from '../../src/core/operations/endpoints';
import { clientCredentials } from '../../src/core/operations/grants';
import type { ClientProfile, ServerMetadata } from '../../src/core/types';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startCertificateTokenServer, type CertificateTokenServer } from '../fixtures/certificate-token-server';

describe('mTLS (RFC 8705) and certificate credentials against real peers', function () {
  this.timeout(40_000);
  let as: AuthServer;
  let metadata: ServerMetadata;
  let ctxBase: Pick<CallContext, 'http' | 'metadata'>;

  before(async () => {
    as = await startAuthServer({ mtls: true });
    metadata = (await discover(as.issuer)).metadata;
    const dispatcherOptions = { ca: [as.mtls!.caPem] };
    ctxBase = { metadata, http: { dispatcher: createDispatcher(dispatcherOptions), dispatcherOptions } };
  });
  after(async () => as?.close());

  const profile = (clientId: string, authMethod: ClientProfile['authMethod'], extra: Partial<ClientProfile> = {}): ClientProfile => ({
    id: `p-${clientId}`,
    name: clientId,
    issuer: as.issuer,
    clientId,
    authMethod,
    ...extra,
  });

  it('parses PEM chain + key and PKCS#12 (AES and legacy 3DES) into the same certificate; names mismatches', async () => {
    const c = as.mtls!.tlsClient;
    const pem = clientCertificateFromPem(c.certPem, c.keyPem);
    assert.equal(pem.info.subjectDn, 'CN=demo-mtls-client,O=Workbench');
    assert.match(pem.info.x5tS256, /^[\w-]{43}$/);
    for (const algorithm of ['aes256', '3des'] as const) {
      const p12 = forge.pkcs12.toPkcs12Asn1(
        forge.pki.privateKeyFromPem(toPkcs1(c.keyPem)),
        [forge.pki.certificateFromPem(c.certPem)],
        'pw',
        { algorithm },
      );
      const b64 = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
      const fromP12 = await clientCertificateFromPkcs12(b64, 'pw');
      assert.equal(fromP12.info.x5tS256, pem.info.x5tS256, algorithm);
      await assert.rejects(clientCertificateFromPkcs12(b64, 'wrong'), (e: Error & { code?: string }) => e.code === 'KEY_ENCRYPTED');
    }
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.throws(
      () => clientCertificateFromPem(c.certPem, other),
      (e: Error & { code?: string }) => e.code === 'CERT_KEY_MISMATCH' && /CN=demo-mtls-client/.test(e.message),
    );
  });

  it('uses the mtls_endpoint_aliases for mTLS clients only', () => {
    assert.equal(resolveEndpoints(profile('demo-mtls', 'tls_client_auth'), metadata).token, `${as.mtls!.base}/token`);
    assert.equal(
      resolveEndpoints(profile('x', 'private_key_jwt', { mtls: true }), metadata).introspection,
      `${as.mtls!.base}/token/introspection`,
    );
    assert.equal(resolveEndpoints(profile('x', 'client_secret_basic'), metadata).token, `${as.issuer}/token`);
  });

  it('tls_client_auth: the certificate authenticates at the alias, the token is certificate-bound (cnf.x5t#S256 checked)', async () => {
    const c = as.mtls!.tlsClient;
    const seen: string[] = [];
    const ctx: CallContext = {
      ...ctxBase,
      profile: profile('demo-mtls', 'tls_client_auth'),
      secrets: { clientCertificate: c.certPem, clientCertificateKey: c.keyPem },
      beforeCredentialedSend: async (s) => void seen.push(`${s.url} ${s.carries.join('+')}`),
    };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.error, undefined, ex.error?.message);
    assert.equal(ex.request.url, `${as.mtls!.base}/token`);
    assert.deepEqual(seen, [`${as.mtls!.base}/token client authentication+client certificate`]);
    const intro = await introspect(ctx, { token: ex.result!.access_token });
    assert.equal(intro.result?.active, true, intro.error?.message);
    const x5t = clientCertificateFromPem(c.certPem, c.keyPem).info.x5tS256;
    assert.deepEqual(intro.binding, [{ kind: 'mtls', source: 'introspection', actual: x5t, expected: x5t, matches: true }]);
  });

  it('self_signed_tls_client_auth: the registered self-signed certificate authenticates', async () => {
    const c = as.mtls!.selfSigned;
    const ex = await clientCredentials({
      ...ctxBase,
      profile: profile('demo-self-signed-mtls', 'self_signed_tls_client_auth'),
      secrets: { clientCertificate: c.certPem, clientCertificateKey: c.keyPem },
    });
    assert.equal(ex.error, undefined, ex.error?.message);
    assert.equal(ex.result?.token_type, 'Bearer');
  });

  it('tls_client_auth with a certificate the CA did not issue → invalid_client from the server', async () => {
    const ex = await clientCredentials({
      ...ctxBase,
      profile: profile('demo-mtls', 'tls_client_auth', { endpoints: { token: `${as.mtls!.base}/token` } }),
      secrets: { clientCertificate: as.mtls!.selfSigned.certPem, clientCertificateKey: as.mtls!.selfSigned.keyPem },
    });
    assert.equal(ex.error?.oauth?.error, 'invalid_client', 'a certificate not issued by the CA / not matching the subject is refused');
  });

  describe('certificate credentials: a server that knows only the certificate', () => {
    let certServer: CertificateTokenServer;
    let keyPem: string;
    let certPem: string;
    before(async () => {
      keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      certPem = (await selfSignedCertificate(keyPem, { commonName: 'entra-like-app' })).pem;
      certServer = await startCertificateTokenServer({ 'entra-app': certPem });
    });
    after(async () => certServer?.close());

    const ctxFor = (header: ClientProfile['assertionCertificateHeader']): CallContext => ({
      profile: {
        ...profile('entra-app', 'private_key_jwt', {
          audience: 'endpoint',
          signingAlg: 'PS256',
          endpoints: { token: certServer.tokenUrl },
        }),
        ...(header ? { assertionCertificateHeader: header } : {}),
      },
      secrets: { privateKey: keyPem, signingCertificate: certPem },
    });

    it('accepts an assertion with x5t#S256 (and one with x5t); refuses one with only a kid, in Entra wording', async () => {
      const ok = await clientCredentials(ctxFor('x5t#S256'));
      assert.equal(ok.error, undefined, ok.error?.message);
      assert.match(String(ok.assertion?.header['x5t#S256']), /^[\w-]{43}$/);
      assert.equal(ok.assertion?.header['x5t'], undefined);
      const sha1 = await clientCredentials(ctxFor('x5t'));
      assert.equal(sha1.error, undefined, sha1.error?.message);
      const none = await clientCredentials(ctxFor('none'));
      assert.equal(none.error?.oauth?.error, 'invalid_client');
      assert.match(none.error?.oauth?.errorDescription ?? '', /AADSTS700027/);
    });

    it("refuses to sign with a certificate that is not the key's", async () => {
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const ctx = ctxFor('both');
      await assert.rejects(
        clientCredentials({ ...ctx, secrets: { ...ctx.secrets, privateKey: otherKey } }),
        (e: Error & { code?: string }) => e.code === 'CERT_KEY_MISMATCH',
      );
    });
  });
});

function toPkcs1(pkcs8: string): string {
  return createPrivateKey(pkcs8).export({ type: 'pkcs1', format: 'pem' }).toString();
}
