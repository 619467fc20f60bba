/**
 * Commands with argument objects against the local oidc-provider: add a
 * private_key_jwt client, get a token, introspect it (active), revoke it (inactive),
 * copy the last request as curl (redacted) — and every summary stays free of secrets.
 * Each test starts from a reset workbench with a freshly added client and makes the
 * state it needs itself (no test relies on an earlier one), and checks that none of
 * the values it got back holds a secret.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { outputLog } from './observe';
import { addServiceProfile, assertNoSecrets, demoClient, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('commands with argument objects (local oidc-provider)', () => {
  let api: TestingApi;
  let profileId: string;
  let added: Awaited<ReturnType<typeof addServiceProfile>>;
  const returned: unknown[] = [];
  const record = <T>(value: T): T => {
    returned.push(value);
    return value;
  };

  /** No value this test got back from a command holds a secret (the keys, the secrets, any token held now). */
  async function assertNothingReturnedSecret(): Promise<void> {
    const text = JSON.stringify(returned);
    assertNoSecrets(
      text,
      [String(demoClient('service').privateJwk?.d), demoClient('basic').clientSecret!, 'definitely-not-the-secret-123'],
      'command return values',
    );
    for (const p of api.services.store.list()) {
      const tokens = await api.services.secrets.tokens(p.id);
      if (tokens)
        assertNoSecrets(text, [tokens.access_token, ...(tokens.refresh_token ? [tokens.refresh_token] : [])], 'command return values');
    }
  }

  /** A test that also checks everything it was given back. */
  const test = (name: string, body: () => Promise<void>): Mocha.Test =>
    it(name, async () => {
      await body();
      await assertNothingReturnedSecret();
    });

  /** A token for the test's client (client_credentials), as stored in SecretStorage. */
  async function withToken(): Promise<void> {
    const r = await run<Record<string, unknown>>('getToken', { profileId });
    assert.equal(r.ok, true, `getToken failed: ${JSON.stringify(r.error)}`);
  }

  before(async () => {
    api = await workbench();
  });
  beforeEach(async () => {
    returned.length = 0;
    await resetWorkbench(api);
    added = record(await addServiceProfile());
    profileId = added.id;
  });
  after(async () => {
    await resetWorkbench(api);
  });

  test('addProfile adds a private_key_jwt client, discovers the server and returns a redacted summary', async () => {
    const summary = added;
    assert.equal(summary.name, 'Demo service');
    assert.equal(summary.authMethod, 'private_key_jwt');
    assert.equal(summary.hasSecret, true);
    assert.equal(summary.active, true);
    assert.equal(summary.token, 'none');
    assert.equal('privateKey' in summary, false);
    // Discovery ran: the session knows the token endpoint.
    assert.equal(api.services.session.metadata(profileId)?.token_endpoint, `${testServer().issuer}/token`);
    // The key went to SecretStorage, under the documented key.
    assert.ok(await api.services.context.secrets.get(`oauthWorkbench.secret.${profileId}.privateKey`));
  });

  test('addProfile refuses a broken private key with a message naming the problem', async () => {
    await assert.rejects(
      run('addProfile', {
        issuer: testServer().issuer,
        clientId: 'x',
        authMethod: 'private_key_jwt',
        privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA',
      }),
      (e: Error) => /truncated|END/i.test(e.message),
    );
    assert.equal(api.services.store.list().length, 1, 'no half-made profile is left behind');
  });

  test('getToken runs client_credentials and returns status, expiry and scope — not the token', async () => {
    const r = record(await run<Record<string, unknown>>('getToken', { profileId }));
    assert.equal(r.ok, true, `getToken failed: ${JSON.stringify(r.error)}`);
    assert.equal(r.status, 200);
    assert.equal(r.grant, 'client_credentials');
    assert.equal(r.tokenType, 'Bearer');
    assert.ok(typeof r.expiresAt === 'number' && r.expiresAt > Date.now() / 1000 + 3000, 'expires in about an hour');
    assert.ok(Array.isArray(r.findings));
    const tokens = await api.services.secrets.tokens(profileId);
    assert.ok(tokens?.access_token, 'the token is stored in SecretStorage');
    assertNoSecrets(JSON.stringify(r), [tokens.access_token], 'the getToken summary');
  });

  test('introspect sends the client authentication and answers active: true', async () => {
    await withToken();
    const r = record(await run<Record<string, unknown>>('introspect', { profileId }));
    assert.equal(r.ok, true, `introspect failed: ${JSON.stringify(r.error)}`);
    assert.equal(r.status, 200);
    assert.equal(r.active, true);
    assert.equal(r.clientId, demoClient('service').clientId);
    // The exchange carried a signed client assertion (the origin story's fix), redacted in the record.
    const last = api.services.session.last(profileId);
    const form = last?.exchange.request.form ?? [];
    assert.equal(form.find((p) => p.name === 'client_assertion_type')?.value, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    assert.equal(form.find((p) => p.name === 'client_assertion')?.value, '<client_assertion>');
    assert.equal(last?.exchange.assertion?.claims.iss, demoClient('service').clientId);
  });

  test('copyAsCurl copies the last request redacted and returns only the redacted form', async () => {
    await withToken();
    assert.equal((await run<Record<string, unknown>>('introspect', { profileId })).ok, true);
    const r = record(await run<Record<string, unknown>>('copyAsCurl', { profileId }));
    assert.equal(r.redacted, true);
    const curl = String(r.curl);
    assert.match(curl, /^curl /);
    assert.match(curl, /\/token\/introspection|introspect/);
    assert.match(curl, /"\$CLIENT_ASSERTION"/);
    const clip = await vscode.env.clipboard.readText();
    assert.equal(clip, curl, 'the clipboard holds the redacted command');
    const tokens = await api.services.secrets.tokens(profileId);
    assertNoSecrets(clip, [tokens!.access_token], 'the copied curl command');
    assert.doesNotMatch(clip, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, 'no signed assertion in the redacted command');
  });

  test('copyAsCurl refuses to reveal secrets without a person confirming', async () => {
    await withToken();
    await assert.rejects(run('copyAsCurl', { profileId, reveal: true }), /confirmation/);
  });

  test('copyAssertion copies a fresh assertion and returns only its claims', async () => {
    const a = record(await run<Record<string, unknown>>('copyAssertion', { profileId }));
    const b = await run<Record<string, unknown>>('copyAssertion', { profileId });
    assert.equal(a.iss, demoClient('service').clientId);
    assert.equal(a.sub, a.iss);
    assert.equal(a.aud, testServer().issuer);
    assert.ok(Number(a.exp) - Number(a.iat) <= 60);
    const clip = await vscode.env.clipboard.readText();
    assert.match(clip, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.ok(!JSON.stringify(a).includes(clip) && !JSON.stringify(b).includes(clip), 'the assertion is not in the summary');
  });

  test('revoke revokes the token; introspection of the revoked token answers active: false', async () => {
    await withToken();
    const before = await api.services.secrets.tokens(profileId);
    assert.ok(before);
    const r = record(await run<Record<string, unknown>>('revoke', { profileId }));
    assert.equal(r.ok, true, `revoke failed: ${JSON.stringify(r.error)}`);
    assert.equal(r.revoked, true);
    assert.equal(await api.services.secrets.tokens(profileId), undefined, 'the revoked token is removed from SecretStorage');
    // Put the revoked token back to ask the server about it.
    await api.services.session.setTokens(profileId, before);
    const i = record(await run<Record<string, unknown>>('introspect', { profileId }));
    assert.equal(i.ok, true);
    assert.equal(i.active, false);
    assert.ok((i.findings as string[]).includes('TOKEN_INACTIVE'), `findings: ${JSON.stringify(i.findings)}`);
    await api.services.session.setTokens(profileId, undefined);
  });

  test('explainRequest names the origin story: introspection with only client_id for a private_key_jwt client', async () => {
    const issuer = testServer().issuer;
    const curl = `curl --location --request POST '${issuer}/token/introspection' \\\n  --header 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'token={token}' \\\n  --data-urlencode 'client_id=${demoClient('service').clientId}'`;
    const r = record(await run<{ findings: Array<{ code: string; fix: string }> }>('explainRequest', { curl, profileId }));
    const codes = r.findings.map((f) => f.code);
    assert.ok(codes.includes('AUTH_METHOD_MISMATCH'), `findings: ${codes.join(', ')}`);
    assert.match(r.findings.find((f) => f.code === 'AUTH_METHOD_MISMATCH')!.fix, /client_assertion/);
  });

  test('explainRequest without a client finds the server behind the URL and checks the assertion against it', async () => {
    const { createClientAssertion } = await import('../../src/core');
    const issuer = testServer().issuer;
    const service = demoClient('service');
    const { jwt } = await createClientAssertion({
      clientId: service.clientId,
      audience: 'https://wrong.example',
      alg: 'RS256',
      method: 'private_key_jwt',
      privateKey: service.privatePem!,
    });
    const curl = `curl -X POST '${issuer}/token/introspection' -d 'token=abc' -d 'client_id=${service.clientId}' -d 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' -d 'client_assertion=${jwt}'`;
    const r = await run<{ discoveredIssuer?: string; findings: Array<{ code: string }> }>('explainRequest', { curl });
    assert.equal(r.discoveredIssuer, issuer);
    assert.ok(
      r.findings.some((f) => f.code === 'ASSERTION_AUD_MISMATCH'),
      `findings: ${r.findings.map((f) => f.code).join(', ')}`,
    );
    // Without discovery the aud cannot be judged: the finding depends on the metadata found.
    const offline = await run<{ discoveredIssuer?: string; findings: Array<{ code: string }> }>('explainRequest', {
      curl,
      discover: false,
    });
    assert.equal(offline.discoveredIssuer, undefined);
    assert.ok(!offline.findings.some((f) => f.code === 'ASSERTION_AUD_MISMATCH'));
    assert.ok(!JSON.stringify(r).includes(jwt), 'the assertion is not echoed back');
  });

  test('explainRequest reads user:password@ in the URL as Basic client authentication and echoes the secret nowhere', async () => {
    const issuer = testServer().issuer;
    const basic = demoClient('basic');
    const secret = basic.clientSecret!;
    const userinfoUrl = issuer.replace('://', `://${encodeURIComponent(basic.clientId)}:${encodeURIComponent(secret)}@`);
    const curl = `curl -X POST '${userinfoUrl}/token' -d grant_type=client_credentials`;
    const r = record(await run<{ url: string; warnings: string[]; findings: Array<{ code: string }> }>('explainRequest', { curl }));
    assert.equal(r.url, `${issuer}/token`, 'the credentials are stripped from the URL');
    assert.ok(
      r.warnings.some((w) => /Authorization: Basic/.test(w)),
      JSON.stringify(r.warnings),
    );
    const codes = r.findings.map((f) => f.code);
    assert.ok(!codes.includes('CLIENT_AUTH_MISSING'), `the Basic credentials count as client authentication: ${codes.join(', ')}`);
    const basic64 = Buffer.from(`${basic.clientId}:${secret}`).toString('base64');
    assertNoSecrets(JSON.stringify(r), [secret, basic64], 'the explainRequest result');
    const log = await outputLog(api, `explainRequest: POST ${issuer}/token`);
    assert.ok(log.includes(`explainRequest: POST ${issuer}/token`), 'the explainRequest line was logged');
    assertNoSecrets(log, [secret, basic64], 'the output channel log');
  });

  test('a cancelled run ends with HTTP_ABORTED and records it', async () => {
    const { runner, store } = api.services;
    const controller = new AbortController();
    controller.abort();
    const { introspect: coreIntrospect } = await import('../../src/core');
    const result = await runner.run(
      {
        profile: store.require(profileId),
        title: 'cancelled',
        call: (ctx) => coreIntrospect(ctx, { token: 'whatever-token' }),
        summarize: () => 'cancelled',
      },
      { interactive: false, signal: controller.signal },
    );
    assert.equal(result.exchange.error?.code, 'HTTP_ABORTED');
    assert.equal(api.services.session.last(profileId)?.ok, false);
  });

  test('getToken refreshes when a refresh token is held, and falls back to client_credentials when it is rejected', async () => {
    const { runner, store, session } = api.services;
    // A user-bound token with a refresh token, from the RFC 7523 jwt-bearer grant (offline_access).
    const { jwtBearerGrant } = await import('../../src/core');
    const grant = await runner.run(
      {
        profile: store.require(profileId),
        title: 'jwt-bearer',
        call: (ctx) => jwtBearerGrant(ctx, { subject: 'user-1', scope: 'openid offline_access' }),
        summarize: () => 'jwt-bearer',
      },
      { interactive: false },
    );
    assert.ok(grant.exchange.result?.refresh_token, `no refresh token: ${JSON.stringify(grant.exchange.error)}`);
    await session.setTokens(profileId, grant.exchange.result);
    const refreshed = record(await run<Record<string, unknown>>('getToken', { profileId }));
    assert.equal(refreshed.ok, true, JSON.stringify(refreshed.error));
    assert.equal(refreshed.grant, 'refresh_token');
    assert.equal(refreshed.refreshToken, true);
    assertNoSecrets(JSON.stringify(refreshed), [grant.exchange.result.refresh_token], 'the refresh summary');
    const held = await api.services.secrets.tokens(profileId);
    assert.ok(held?.refresh_token, 'a refresh token is still held');
    await session.setTokens(profileId, { ...held, refresh_token: 'revoked-or-unknown-refresh-token' });
    const fallback = record(await run<Record<string, unknown>>('getToken', { profileId }));
    assert.equal(fallback.ok, true, JSON.stringify(fallback.error));
    assert.equal(fallback.grant, 'client_credentials');
    await session.setTokens(profileId, undefined);
  });

  test('generateKeyPair stores the new private key and returns only the public JWKS', async () => {
    const copy = await run<{ id: string }>('duplicateProfile', { profileId, name: 'Key rotation' });
    const before = await api.services.secrets.get(copy.id, 'privateKey');
    const r = record(
      await run<{ kid: string; alg: string; publicJwks: { keys: Array<Record<string, unknown>> } }>('generateKeyPair', {
        profileId: copy.id,
        type: 'EC-P256',
      }),
    );
    assert.equal(r.alg, 'ES256');
    assert.equal(r.publicJwks.keys.length, 1);
    assert.equal(r.publicJwks.keys[0]?.kid, r.kid);
    assert.equal('d' in (r.publicJwks.keys[0] ?? {}), false, 'no private member in the returned JWKS');
    const after = await api.services.secrets.get(copy.id, 'privateKey');
    assert.ok(after && after !== before, 'the new private key replaced the old one in SecretStorage');
    assert.equal(api.services.store.get(copy.id)?.signingAlg, 'ES256');
    // The server does not know this key yet: invalid_client, explained.
    const t = await run<Record<string, unknown>>('getToken', { profileId: copy.id });
    assert.equal(t.ok, false);
    assert.ok((t.findings as string[]).includes('INVALID_CLIENT'));
    await run('deleteProfile', { profileId: copy.id });
  });

  test('introspect without a token refuses with TOKEN_MISSING and says what to do', async () => {
    await assert.rejects(
      run('introspect', { profileId }),
      (e: Error & { code?: string }) => e.code === 'TOKEN_MISSING' && /Get Token/.test(e.message),
    );
  });

  test('getToken for a client_secret_basic client with a wrong secret reports invalid_client with findings', async () => {
    const basic = demoClient('basic');
    const added = record(
      await run<{ id: string }>('addProfile', {
        name: 'Basic (wrong secret)',
        issuer: testServer().issuer,
        clientId: basic.clientId,
        authMethod: 'client_secret_basic',
        clientSecret: 'definitely-not-the-secret-123',
        setActive: false,
      }),
    );
    const r = record(await run<Record<string, unknown>>('getToken', { profileId: added.id }));
    assert.equal(r.ok, false);
    assert.equal(r.status, 401);
    assert.equal((r.error as { oauthError?: string }).oauthError, 'invalid_client');
    assert.ok((r.findings as string[]).includes('INVALID_CLIENT'), `findings: ${JSON.stringify(r.findings)}`);
    assert.equal(api.services.session.last(added.id)?.ok, false);
  });

  test('logs the findings of a real invalid_client in plain language (severity, code, title, fix, evidence) in the Output channel', async () => {
    const wrong = record(
      await run<{ id: string }>('addProfile', {
        name: 'Basic (wrong secret, logged)',
        issuer: testServer().issuer,
        clientId: demoClient('basic').clientId,
        authMethod: 'client_secret_basic',
        clientSecret: 'definitely-not-the-secret-123',
        setActive: false,
      }),
    );
    assert.equal(record(await run<Record<string, unknown>>('getToken', { profileId: wrong.id })).ok, false);
    const findings = api.services.session.last(wrong.id)?.findings ?? [];
    const wrongSecret = findings.find((f) => f.code === 'INVALID_CLIENT_WRONG_SECRET');
    assert.ok(wrongSecret, `findings: ${findings.map((f) => f.code).join(', ')}`);
    const log = await outputLog(api, wrongSecret.fix);
    for (const f of findings.filter((x) => x.code.startsWith('INVALID_CLIENT'))) {
      assert.ok(log.includes(`${f.severity} ${f.code}: ${f.title}`), `the log names ${f.code} with its title "${f.title}"`);
      assert.ok(log.includes(`Fix: ${f.fix}`), `the log gives the fix of ${f.code}: "${f.fix}"`);
    }
    const evidence = findings.flatMap((f) => f.evidence);
    assert.ok(evidence.length > 0 && evidence.some((e) => log.includes(`evidence: ${e}`)), 'evidence lines are logged');
    assertNoSecrets(log, ['definitely-not-the-secret-123'], 'the output channel log');
  });

  test('explainRequest logs its findings in plain language, not only their codes', async () => {
    const issuer = testServer().issuer;
    const curl = `curl -X POST '${issuer}/token' -u a:b -d grant_type=client_credentials -d client_id=a -d client_secret=in-the-body-too`;
    const r = await run<{ findings: Array<{ code: string; title: string; fix: string }> }>('explainRequest', { curl, discover: false });
    assert.ok(
      r.findings.some((f) => f.code === 'MULTIPLE_AUTH_METHODS'),
      JSON.stringify(r.findings),
    );
    const last = r.findings[r.findings.length - 1]!;
    const log = await outputLog(api, last.fix);
    for (const f of r.findings) {
      assert.ok(log.includes(`${f.code}: ${f.title}`), `the log names ${f.code}: ${f.title}`);
      assert.ok(log.includes(`Fix: ${f.fix}`), `the log gives the fix of ${f.code}`);
    }
  });

  test('editProfile changes fields, duplicateProfile copies secrets but not tokens, deleteProfile removes secrets', async () => {
    const edited = record(
      await run<Record<string, unknown>>('editProfile', { profileId, audience: 'token_endpoint', name: 'Demo service (edited)' }),
    );
    assert.equal(edited.audience, 'token_endpoint');
    assert.equal(edited.name, 'Demo service (edited)');
    assert.equal(api.services.store.get(profileId)?.audience, 'token_endpoint');
    const token = record(await run<Record<string, unknown>>('getToken', { profileId }));
    assert.equal(token.ok, true, 'oidc-provider accepts the token endpoint as assertion audience');
    const copy = record(await run<{ id: string; hasSecret: boolean; token: string }>('duplicateProfile', { profileId }));
    assert.equal(copy.hasSecret, true);
    assert.equal(copy.token, 'none');
    assert.deepEqual(api.services.origins.origins(copy.id), api.services.origins.origins(profileId));
    const del = record(await run<Record<string, unknown>>('deleteProfile', { profileId: copy.id }));
    assert.equal(del.deleted, true);
    for (const kind of ['clientSecret', 'privateKey', 'tokens']) {
      assert.equal(await api.services.context.secrets.get(`oauthWorkbench.secret.${copy.id}.${kind}`), undefined, `${kind} deleted`);
    }
    assert.equal(api.services.store.get(copy.id), undefined);
  });

  test('decodeJwt decodes a given token without verifying it', async () => {
    record(await run('copyAssertion', { profileId }));
    const clip = await vscode.env.clipboard.readText();
    const r = record(await run<Record<string, unknown>>('decodeJwt', { token: clip }));
    assert.equal((r.claims as Record<string, unknown>).iss, demoClient('service').clientId);
    assert.equal(r.verified, false);
  });

  test("decodeJwt verifies against the profile's jwks_uri override when it has one (overrides win over metadata)", async () => {
    const http = await import('node:http');
    const empty = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}'));
    await new Promise<void>((r) => empty.listen(0, '127.0.0.1', r));
    try {
      const id = (await addServiceProfile({ name: 'JWKS override' })).id;
      const token = await run<{ ok: boolean; jwt: boolean }>('getToken', {
        profileId: id,
        resource: testServer().jwtAccessTokenResource,
        grant: 'client_credentials',
      });
      assert.equal(token.ok && token.jwt, true, 'a JWT access token');
      const fromMetadata = record(await run<Record<string, unknown>>('decodeJwt', { profileId: id, verify: true }));
      assert.equal(fromMetadata.verified, true, String(fromMetadata.verifyError));
      const port = (empty.address() as { port: number }).port;
      await run('editProfile', { profileId: id, endpoints: { jwks_uri: `http://127.0.0.1:${port}/jwks` } });
      const fromOverride = record(await run<Record<string, unknown>>('decodeJwt', { profileId: id, verify: true }));
      assert.equal(fromOverride.verified, false, 'the (empty) override JWKS was used, not the metadata one');
      assert.ok(fromOverride.verifyError);
      await run('deleteProfile', { profileId: id });
    } finally {
      empty.close();
    }
  });
});
