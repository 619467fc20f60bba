/**
 * Issue 9 item 6: every DPoP, mTLS, certificate and API-challenge failure produces its
 * finding with evidence and a fix — from REAL answers where a real peer produces them
 * (oidc-provider with DPoP nonces and its mTLS front, the test API, the certificate-only
 * token endpoint), and from a misbehaving server only for Okta's wording.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CallContext } from '../../src/core/client-auth';
import { createDispatcher } from '../../src/core/http/dispatcher';
import { diagnose } from '../../src/core/diagnose';
import { discover } from '../../src/core/discovery';
import { generateDpopKey } from '../../src/core/dpop/mode';
import { DpopNonces } from '../../src/core/dpop/nonces';
import { certificateFacts } from '../../src/core/mtls/facts';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { callApi } from '../../src/core/operations/api';
import { clientCredentials } from '../../src/core/operations/grants';
import { parseCurl } from '../../src/core/curl/parse-curl';
import type { ClientProfile, Exchange, ServerMetadata } from '../../src/core/types';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startCertificateTokenServer } from '../fixtures/certificate-token-server';
import { startMisbehavingServer } from '../fixtures/misbehaving-server';
import { startResourceServer, type ResourceServer } from '../fixtures/resource-server';
import { profileFor } from '../fixtures/auth-server';

const codes = (f: { code: string }[]): string[] => f.map((x) => x.code);

describe('diagnose: DPoP, mTLS, certificates and API challenges (issue 9)', function () {
  this.timeout(40_000);
  let as: AuthServer;
  let metadata: ServerMetadata;
  let rs: ResourceServer;
  let dpopKey: string;

  before(async () => {
    as = await startAuthServer({ mtls: true });
    metadata = (await discover(as.issuer)).metadata;
    rs = await startResourceServer({
      issuer: as.issuer,
      introspectionClient: { clientId: as.clients.basic.clientId, clientSecret: as.clients.basic.clientSecret! },
    });
    dpopKey = (await generateDpopKey()).privateKeyPem;
  });
  after(async () => {
    await rs?.close();
    await as?.close();
  });

  const dpopCtx = (o: Partial<ClientProfile> = {}): CallContext => {
    const { profile, secrets } = profileFor(as, 'dpop', o);
    return { profile, secrets: { ...secrets, dpopKey }, metadata, dpopNonces: new DpopNonces() };
  };
  const diag = (x: Exchange, ctx: CallContext, key?: Parameters<typeof diagnose>[0]['key']) =>
    diagnose({ exchange: x, profile: ctx.profile, ...(ctx.metadata ? { metadata: ctx.metadata } : {}), ...(key ? { key } : {}) });

  it("DPOP_PROOF_MISSING from oidc-provider's answer (invalid_grant) with the action to turn DPoP on", async () => {
    const ctx = dpopCtx();
    const x = await clientCredentials({ ...ctx, secrets: profileFor(as, 'dpop').secrets });
    const f = diag(x, ctx).find((y) => y.code === 'DPOP_PROOF_MISSING');
    assert.ok(f, codes(diag(x, ctx)).join());
    assert.equal(f.action?.kind, 'set-dpop-mode');
    assert.ok(f.evidence.includes('request: no DPoP header'));
  });

  it("DPOP_PROOF_MISSING and the Okta hint from Okta's wording", async () => {
    const okta = await startMisbehavingServer({
      '/oauth2/default/v1/token': {
        kind: 'respond',
        status: 400,
        body: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' },
      },
    });
    try {
      const profile: ClientProfile = {
        id: 'o',
        name: 'Okta',
        issuer: 'https://dev-1.okta.com/oauth2/default',
        clientId: 'c',
        authMethod: 'client_secret_post',
        endpoints: { token: `${okta.url}/oauth2/default/v1/token` },
      };
      const x = await clientCredentials({ profile, secrets: { clientSecret: 's'.repeat(40) } });
      const f = diagnose({ exchange: x, profile });
      assert.ok(
        f.some((y) => y.code === 'DPOP_PROOF_MISSING' && y.severity === 'error'),
        codes(f).join(),
      );
      const hint = f.find((y) => y.code === 'PROVIDER_OKTA_DPOP');
      assert.match(hint?.docs ?? '', /developer\.okta\.com\/docs\/guides\/dpop/);
    } finally {
      await okta.close();
    }
  });

  it('invalid_dpop_proof causes by description: replay, ath, htu, iat, alg, nonce', async () => {
    const cases: Array<[string, string]> = [
      ['DPoP proof JWT Replay detected', 'DPOP_JTI_REUSED'],
      ['DPoP proof ath mismatch', 'DPOP_ATH_MISMATCH'],
      ['DPoP proof htu mismatch', 'DPOP_HTU_MISMATCH'],
      ['DPoP proof iat is not recent enough', 'DPOP_IAT_SKEW'],
      ['unsupported DPoP proof alg', 'DPOP_ALG_UNSUPPORTED'],
      ['invalid DPoP key binding', 'DPOP_PROOF_INVALID'],
    ];
    const srv = await startMisbehavingServer(
      Object.fromEntries(
        cases.map(([d], i) => [
          `/t${i}`,
          { kind: 'respond' as const, status: 400, body: { error: 'invalid_dpop_proof', error_description: d } },
        ]),
      ),
    );
    try {
      for (const [i, [, code]] of cases.entries()) {
        const ctx = dpopCtx({ dpop: 'always', endpoints: { token: `${srv.url}/t${i}` } });
        const x = await clientCredentials(ctx);
        const f = diag(x, ctx);
        assert.ok(
          f.some((y) => y.code === code && y.evidence.some((e) => e.startsWith('proof claims: htm POST'))),
          `${code}: ${codes(f).join()}`,
        );
      }
    } finally {
      await srv.close();
    }
  });

  it('preflight on a pasted DPoP proof: htu with a query, another URL, an alg the server does not list, a wrong ath', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = await exportJWK(publicKey);
    const proof = await new SignJWT({ htm: 'GET', htu: `${rs.url}/api/items?x=1`, ath: 'not-the-hash' })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'RS256', jwk })
      .setJti('j')
      .setIssuedAt()
      .sign(privateKey);
    const draft = parseCurl(`curl -X POST '${rs.url}/api/other' -H 'Authorization: DPoP tokvalue123456' -H 'DPoP: ${proof}'`);
    const f = diagnose({ draft, metadata: { ...metadata, dpop_signing_alg_values_supported: ['ES256'] } });
    for (const code of ['DPOP_HTU_QUERY', 'DPOP_HTU_MISMATCH', 'DPOP_ALG_UNSUPPORTED', 'DPOP_ATH_MISMATCH'])
      assert.ok(codes(f).includes(code), `${code}: ${codes(f).join()}`);
  });

  it('API answers: DPoP token as Bearer, insufficient_scope naming the scope, step-up with acr_values/max_age, RFC 9728 metadata', async () => {
    const ctx = dpopCtx({ dpop: 'always' });
    const token = (await clientCredentials(ctx)).result!;
    const asBearer = await callApi(ctx, { url: `${rs.url}/api/items`, accessToken: token.access_token, tokenType: 'Bearer' });
    assert.ok(codes(diag(asBearer, ctx)).includes('DPOP_TOKEN_AS_BEARER'), codes(diag(asBearer, ctx)).join());
    const admin = await callApi(ctx, { url: `${rs.url}/api/admin`, accessToken: token.access_token, tokenType: 'DPoP' });
    const scope = diag(admin, ctx).find((y) => y.code === 'API_INSUFFICIENT_SCOPE');
    assert.match(scope?.title ?? '', /"api:write"/);
    const step = await callApi(ctx, { url: `${rs.url}/api/step-up`, accessToken: token.access_token, tokenType: 'DPoP' });
    const s = diag(step, ctx);
    assert.match(s.find((y) => y.code === 'API_STEP_UP')?.fix ?? '', /acr_values=urn:example:mfa and max_age=300/);
    const rm = s.find((y) => y.code === 'API_RESOURCE_METADATA');
    assert.ok(rm?.evidence.includes(`authorization_servers: ${JSON.stringify([as.issuer])}`), JSON.stringify(rm));
    const invalid = await callApi(ctx, { url: `${rs.url}/api/items`, accessToken: 'not-a-real-token-123456', tokenType: 'Bearer' });
    const other = diagnose({ exchange: invalid, profile: { ...ctx.profile, issuer: 'https://other.example' } });
    assert.equal(
      other.find((y) => y.code === 'API_RESOURCE_METADATA')?.action?.kind,
      'add-client',
      "a client for the API's server is offered",
    );
  });

  it('mTLS: no client certificate (plain endpoint) with MTLS_ALIAS_NOT_USED; a certificate of the wrong subject', async () => {
    const http = { dispatcher: createDispatcher({ ca: [as.mtls!.caPem] }), dispatcherOptions: { ca: [as.mtls!.caPem] } };
    const c = as.mtls!.tlsClient;
    const plain: CallContext = {
      profile: {
        id: 'm',
        name: 'mTLS',
        issuer: as.issuer,
        clientId: 'demo-mtls',
        authMethod: 'tls_client_auth',
        endpoints: { token: `${as.issuer}/token` },
      },
      secrets: { clientCertificate: c.certPem, clientCertificateKey: c.keyPem },
      metadata,
      http,
    };
    const x = await clientCredentials(plain);
    const key = await certificateFacts(plain.secrets);
    const f = diag(x, plain, key);
    assert.ok(codes(f).includes('MTLS_NO_CLIENT_CERTIFICATE'), codes(f).join());
    assert.ok(codes(f).includes('MTLS_ALIAS_NOT_USED'), codes(f).join());
    const wrong: CallContext = {
      ...plain,
      profile: { ...plain.profile, endpoints: {} },
      secrets: { clientCertificate: as.mtls!.selfSigned.certPem, clientCertificateKey: as.mtls!.selfSigned.keyPem },
    };
    const y = await clientCredentials(wrong);
    const g = diag(y, wrong, await certificateFacts(wrong.secrets));
    const m = g.find((z) => z.code === 'MTLS_SUBJECT_MISMATCH');
    assert.ok(m?.evidence.includes('client certificate subject: CN=demo-self-signed-mtls'), codes(g).join());
  });

  it('certificate and key that do not match; an expired certificate', async () => {
    const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const expired = (await selfSignedCertificate(keyPem, { commonName: 'old', days: 1, now: new Date(Date.now() - 10 * 86_400_000) })).pem;
    const key = await certificateFacts({ clientCertificate: expired, clientCertificateKey: other });
    const f = diagnose({ draft: parseCurl(`curl -X POST ${as.issuer}/token -d grant_type=client_credentials -d client_id=x`), key });
    assert.ok(codes(f).includes('CERT_KEY_MISMATCH'), codes(f).join());
    assert.match(f.find((y) => y.code === 'CERT_EXPIRED')?.title ?? '', /expired on/);
  });

  it('Entra ID: an assertion without x5t#S256/x5t is refused (AADSTS700027) → ENTRA_CERT_THUMBPRINT_MISSING with the Entra hint', async () => {
    const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const certPem = (await selfSignedCertificate(keyPem, { commonName: 'entra' })).pem;
    const srv = await startCertificateTokenServer({ app: certPem });
    try {
      const profile: ClientProfile = {
        id: 'e',
        name: 'Entra',
        issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
        clientId: 'app',
        authMethod: 'private_key_jwt',
        audience: 'endpoint',
        assertionCertificateHeader: 'none',
        endpoints: { token: srv.tokenUrl },
      };
      const x = await clientCredentials({ profile, secrets: { privateKey: keyPem, signingCertificate: certPem } });
      assert.equal(x.error?.oauth?.error, 'invalid_client');
      const f = diagnose({ exchange: x, profile });
      assert.ok(codes(f).includes('ENTRA_CERT_THUMBPRINT_MISSING'), codes(f).join());
      assert.match(
        f.find((y) => y.code === 'PROVIDER_ENTRA_CERTIFICATE')?.docs ?? '',
        /learn\.microsoft\.com\/entra\/identity-platform\/certificate-credentials/,
      );
    } finally {
      await srv.close();
    }
  });
});
