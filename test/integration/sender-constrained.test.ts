/**
 * Issue 9 from the commands, in a real VS Code, against real peers: a DPoP-required
 * private_key_jwt client (oidc-provider with server nonces) gets a token through the
 * nonce dance and calls an API that validates DPoP tokens and proofs (its own nonce
 * too); an mTLS client (tls_client_auth at the mtls_endpoint_aliases, certificate from
 * a test CA made at test time) gets a certificate-bound token; an assertion with
 * x5t#S256 is accepted by a token endpoint that knows only the certificate. Every
 * credential lives in SecretStorage, and no summary carries one.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { dpopJkt, importPrivateKey } from '../../src/core';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { startCertificateTokenServer, type CertificateTokenServer } from '../fixtures/certificate-token-server';
import { startResourceServer, type ResourceServer } from '../fixtures/resource-server';
import { assertNoSecrets, demoClient, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('DPoP, mTLS and certificate credentials from the commands (issue 9)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let rs: ResourceServer;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    const basic = demoClient('basic');
    rs = await startResourceServer({
      issuer: testServer().issuer,
      introspectionClient: { clientId: basic.clientId, clientSecret: basic.clientSecret! },
    });
  });
  after(async () => {
    await resetWorkbench(api);
    await vscode.workspace
      .getConfiguration('oauthWorkbench.http')
      .update('extraCaCertificates', undefined, vscode.ConfigurationTarget.Global);
    await rs?.close();
  });

  it('a DPoP-required private_key_jwt client gets a DPoP token through the nonce dance and calls the API through its nonce', async () => {
    const dpop = demoClient('dpop');
    const added = await run<{ id: string }>('addProfile', {
      name: 'DPoP service',
      issuer: testServer().issuer,
      clientId: dpop.clientId,
      authMethod: 'private_key_jwt',
      privateKey: JSON.stringify(dpop.privateJwk),
      dpop: 'always',
    });
    const token = await run<Record<string, unknown>>('getToken', { profileId: added.id });
    assert.equal(token.ok, true, JSON.stringify(token.error));
    assert.equal(token.tokenType, 'DPoP');
    const dpopInfo = token.dpop as { jkt: string; nonceChallenge?: number };
    assert.equal(dpopInfo.nonceChallenge, 400, 'the server asked for a nonce; one retry answered it');
    assert.equal(token.attempts, 2);
    const dpopKey = await api.services.context.secrets.get(`oauthWorkbench.secret.${added.id}.dpopKey`);
    assert.ok(dpopKey, 'the DPoP key was generated into SecretStorage');

    const call = await run<Record<string, unknown>>('callApi', {
      profileId: added.id,
      url: `${rs.url}/api/items?x=1`,
      allowNewOrigin: true,
    });
    assert.equal(call.ok, true, JSON.stringify(call.error));
    assert.equal(call.status, 200);
    assert.equal(call.scheme, 'DPoP');
    assert.equal((call.dpop as { nonceChallenge?: number }).nonceChallenge, 401, "the API's own nonce challenge was answered");
    assert.equal((call.json as { scheme?: string }).scheme, 'DPoP');
    assert.deepEqual(
      rs.log.map((l) => `${l.scheme ?? ''} ${l.status}`),
      ['DPoP 401', 'DPoP 200'],
    );
    const again = await run<Record<string, unknown>>('callApi', {
      profileId: added.id,
      method: 'POST',
      url: `${rs.url}/api/items`,
      body: '{"name":"x"}',
    });
    assert.equal(again.status, 200, JSON.stringify(again.error));
    assert.equal(again.attempts, 1, 'the remembered API nonce needs no new challenge');

    const intro = await run<Record<string, unknown>>('introspect', { profileId: added.id });
    assert.equal(intro.active, true, JSON.stringify(intro.error));
    assert.deepEqual(
      (intro.binding as Array<{ kind: string; matches?: boolean }>).map((b) => `${b.kind}:${String(b.matches)}`),
      ['dpop:true'],
    );

    const tokens = await api.services.secrets.tokens(added.id);
    const summaries = JSON.stringify([token, call, again, intro]);
    assertNoSecrets(summaries, [tokens!.access_token, dpopKey, JSON.stringify(dpop.privateJwk)], 'the command summaries');
  });

  it('the API answers 403 insufficient_scope and a 401 names its RFC 9728 metadata: the summary says which server and scopes', async () => {
    const p = api.services.store.list().find((x) => x.name === 'DPoP service')!;
    const admin = await run<Record<string, unknown>>('callApi', { profileId: p.id, url: `${rs.url}/api/admin` });
    assert.equal(admin.status, 403);
    assert.equal((admin.error as { oauthError?: string }).oauthError, 'insufficient_scope');
    const step = await run<Record<string, unknown>>('callApi', { profileId: p.id, url: `${rs.url}/api/step-up` });
    assert.match(JSON.stringify(step.findings), /API_STEP_UP/);
    assert.match(JSON.stringify(admin.findings), /API_INSUFFICIENT_SCOPE/);
    assert.equal(step.status, 401);
    const rm = step.resourceMetadata as { authorizationServers?: string[]; scopes?: string[] };
    assert.deepEqual(rm.authorizationServers, [testServer().issuer]);
    assert.deepEqual(rm.scopes, ['api:read', 'api:write']);
  });

  it('an mTLS client (tls_client_auth) gets a certificate-bound token at the mtls alias', async () => {
    const mtls = testServer().mtls;
    assert.ok(mtls, 'the fixture server runs its mTLS front');
    const dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-ca-'));
    writeFileSync(path.join(dir, 'test-ca.pem'), mtls.caPem);
    await vscode.workspace
      .getConfiguration('oauthWorkbench.http')
      .update('extraCaCertificates', [path.join(dir, 'test-ca.pem')], vscode.ConfigurationTarget.Global);
    const added = await run<{ id: string }>('addProfile', {
      name: 'mTLS client',
      issuer: testServer().issuer,
      clientId: 'demo-mtls',
      authMethod: 'tls_client_auth',
      clientCertificate: mtls.tlsClient.certPem,
      clientCertificateKey: mtls.tlsClient.keyPem,
    });
    // The aliases are on another origin than the issuer: like any endpoint moved by metadata, they need consent.
    const refused = await run<Record<string, unknown>>('getToken', { profileId: added.id }).catch((e: Error) => e);
    assert.ok(refused instanceof Error && /Refused to send/.test(refused.message), 'the alias origin needs consent first');
    const token = await run<Record<string, unknown>>('getToken', { profileId: added.id, allowNewOrigin: true });
    assert.equal(token.ok, true, JSON.stringify(token.error));
    assert.equal(api.services.history.last(added.id)?.exchange.request.url, `${mtls.base}/token`, 'the token request used the alias');
    const intro = await run<Record<string, unknown>>('introspect', { profileId: added.id });
    assert.equal(intro.active, true, JSON.stringify(intro.error));
    assert.deepEqual(
      (intro.binding as Array<{ kind: string; matches?: boolean }>).map((b) => `${b.kind}:${String(b.matches)}`),
      ['mtls:true'],
    );
    assertNoSecrets(JSON.stringify([token, intro]), [mtls.tlsClient.keyPem.split('\n')[1]!], 'the mTLS summaries');
  });

  it('the tree shows the DPoP mode with the key thumbprint, and the client certificate subject with its expiry', async () => {
    /** The Client node's detail rows of a profile, once the facts read from SecretStorage arrived. */
    const details = async (name: string): Promise<Map<string, string>> => {
      const p = api.services.store.list().find((x) => x.name === name)!;
      for (let i = 0; i < 50; i++) {
        const client = (await api.tree.getChildren()).find((n) => n.profileId === p.id)!.children()[0]!;
        const rows = new Map(
          client
            .children()
            .map((n) => [typeof n.item.label === 'string' ? n.item.label : (n.item.label?.label ?? ''), String(n.item.description)]),
        );
        if (![...rows.values()].some((v) => v.endsWith('…'))) return rows;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the tree rows of "${name}" did not load`);
    };
    const dpopProfile = api.services.store.list().find((x) => x.name === 'DPoP service')!;
    const key = await api.services.context.secrets.get(`oauthWorkbench.secret.${dpopProfile.id}.dpopKey`);
    const jkt = await dpopJkt(await importPrivateKey(key!));
    assert.equal((await details('DPoP service')).get('DPoP'), `always · jkt ${jkt}`);
    const cert = (await details('mTLS client')).get('Client certificate') ?? '';
    assert.match(cert, /^CN=[^·]+ · expires \d{4}-\d\d-\d\d \(in \d+/);
    assert.ok(!cert.includes('PRIVATE KEY') && !(await details('DPoP service')).get('DPoP')!.includes(key!.split('\n')[1]!));
  });

  it('an assertion with x5t#S256 is accepted by a token endpoint that knows only the certificate', async () => {
    const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const certPem = (await selfSignedCertificate(keyPem, { commonName: 'entra-like' })).pem;
    let server: CertificateTokenServer | undefined;
    try {
      server = await startCertificateTokenServer({ 'cert-app': certPem });
      const added = await run<{ id: string }>('addProfile', {
        name: 'Certificate app',
        issuer: new URL(server.tokenUrl).origin,
        clientId: 'cert-app',
        authMethod: 'private_key_jwt',
        signingAlg: 'PS256',
        audience: 'endpoint',
        assertionCertificateHeader: 'x5t#S256',
        endpoints: { token: server.tokenUrl },
        discover: false,
        privateKey: keyPem,
        signingCertificate: certPem,
      });
      const token = await run<Record<string, unknown>>('getToken', { profileId: added.id });
      assert.equal(token.ok, true, JSON.stringify(token.error));
      const header = api.services.history.last(added.id)?.exchange.assertion?.header;
      assert.match(String(header?.['x5t#S256']), /^[\w-]{43}$/);
    } finally {
      await server?.close();
    }
  });
});
