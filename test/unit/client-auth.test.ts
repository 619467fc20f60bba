import assert from 'node:assert/strict';
import { clientCredentials } from '../../src/core/operations/grants';
import { applyClientAuth, assertionFor, basicCredentials, type CallContext } from '../../src/core/client-auth';
import { discover } from '../../src/core/discovery';
import { ConfigError } from '../../src/core/errors';
import { KeyCache } from '../../src/core/crypto/key-cache';
import { decodeJwt } from '../../src/core/crypto/jwt';
import type { ServerMetadata, SigningAlg } from '../../src/core/types';
import { profileFor, startAuthServer, type AuthServer, type DemoClientName } from '../fixtures/auth-server';

describe('client authentication against oidc-provider', () => {
  let as: AuthServer;
  let metadata: ServerMetadata;
  const weird = 'sp ace:colon%percent+plus&amp=eq/slash-and-padding-to-be-long-enough';

  before(async () => {
    as = await startAuthServer({
      extraClients: [
        {
          client_id: 'weird:client id%',
          client_secret: weird,
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
        },
      ],
    });
    metadata = (await discover(as.issuer)).metadata;
  });
  after(async () => {
    await as?.close();
  });

  const ctxFor = (name: DemoClientName, overrides = {}): CallContext => ({ ...profileFor(as, name, overrides), metadata });

  for (const name of ['basic', 'post', 'secretJwt', 'rsaJwt', 'psJwt', 'ecJwt', 'edJwt', 'service'] as DemoClientName[]) {
    it(`${name}: gets a client_credentials token with its own method only`, async () => {
      const ctx = ctxFor(name);
      const ex = await clientCredentials(ctx, { scope: 'api:read' });
      assert.equal(ex.error, undefined, JSON.stringify(ex.error));
      assert.equal(ex.response?.status, 200);
      assert.equal(typeof ex.result?.access_token, 'string');
      assert.equal(typeof ex.result?.expires_at, 'number');
      const form = ex.request.form ?? [];
      const has = (n: string) => form.some((p) => p.name === n);
      const auth = ex.request.headers.find((h) => h.name.toLowerCase() === 'authorization');
      switch (ctx.profile.authMethod) {
        case 'client_secret_basic':
          assert.ok(auth?.secret && auth.value.startsWith('Basic '));
          assert.ok(!has('client_secret') && !has('client_assertion') && !has('client_id'));
          break;
        case 'client_secret_post':
          assert.equal(auth, undefined);
          assert.ok(form.find((p) => p.name === 'client_secret')?.secret);
          assert.ok(!has('client_assertion'));
          break;
        default:
          assert.equal(auth, undefined);
          assert.ok(!has('client_secret'));
          assert.ok(form.find((p) => p.name === 'client_assertion')?.secret);
          assert.equal(
            form.find((p) => p.name === 'client_assertion_type')?.value,
            'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          );
          assert.equal(ex.assertion?.claims.iss, ctx.profile.clientId);
          assert.equal(ex.assertion?.claims.sub, ctx.profile.clientId);
          assert.equal(ex.assertion?.claims.aud, as.issuer, 'default audience mode is the issuer');
      }
    });
  }

  for (const alg of ['HS384', 'HS512'] as SigningAlg[]) {
    it(`client_secret_jwt with ${alg} (64-byte secret) is accepted`, async () => {
      const ex = await clientCredentials(ctxFor('secretJwt', { signingAlg: alg }));
      assert.equal(ex.response?.status, 200, JSON.stringify(ex.error));
      assert.equal(ex.assertion?.header.alg, alg);
    });
  }

  it('audience modes endpoint and token_endpoint produce accepted assertions with the right aud', async () => {
    const a = await clientCredentials(ctxFor('service', { audience: 'endpoint' }));
    assert.equal(a.response?.status, 200, JSON.stringify(a.error));
    assert.equal(a.assertion?.claims.aud, `${as.issuer}/token`);
    const b = await clientCredentials(ctxFor('service', { audience: 'token_endpoint' }));
    assert.equal(b.response?.status, 200);
    assert.equal(b.assertion?.claims.aud, metadata.token_endpoint);
  });

  it('client_secret_basic form-encodes id and secret before base64 (RFC 6749 §2.3.1)', async () => {
    assert.equal(basicCredentials('a b', 'c:d%'), `Basic ${Buffer.from('a+b:c%3Ad%25').toString('base64')}`);
    const ctx: CallContext = {
      profile: { id: 'weird', name: 'weird', issuer: as.issuer, clientId: 'weird:client id%', authMethod: 'client_secret_basic' },
      secrets: { clientSecret: weird },
      metadata,
    };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.response?.status, 200, JSON.stringify(ex.error));
  });

  it('a wrong secret is an OAuth invalid_client recorded in the exchange (not thrown)', async () => {
    const ctx = ctxFor('post');
    ctx.secrets = { clientSecret: 'x'.repeat(40) };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.response?.status, 401);
    assert.equal(ex.error?.code, 'OAUTH_INVALID_CLIENT');
    assert.equal(ex.error?.oauth?.error, 'invalid_client');
    assert.ok(!ex.error?.message.includes('x'.repeat(40)));
  });

  it('missing secret or key → CONFIG_MISSING_SECRET saying which and how to set it; nothing sent', async () => {
    for (const name of ['basic', 'post', 'secretJwt', 'service'] as DemoClientName[]) {
      const ctx = ctxFor(name);
      ctx.secrets = {};
      await assert.rejects(clientCredentials(ctx), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.code, 'CONFIG_MISSING_SECRET');
        assert.match(e.message, name === 'service' ? /private key/ : /client secret/);
        assert.match(e.message, /Edit Profile/);
        return true;
      });
    }
  });

  it('never sends two methods: stray client credentials in the request are replaced', async () => {
    const ctx = ctxFor('basic');
    const { request } = await applyClientAuth(
      {
        method: 'POST',
        url: `${as.issuer}/token`,
        headers: [{ name: 'Authorization', value: 'Bearer stale' }],
        form: [
          { name: 'grant_type', value: 'client_credentials' },
          { name: 'client_secret', value: 'stray' },
          { name: 'client_assertion', value: 'stray' },
        ],
      },
      'token',
      ctx,
    );
    assert.deepEqual(
      request.form?.map((p) => p.name),
      ['grant_type'],
    );
    const auths = request.headers.filter((h) => h.name.toLowerCase() === 'authorization');
    assert.equal(auths.length, 1);
    assert.ok(auths[0]?.value.startsWith('Basic '));
    const extra = await clientCredentials(ctxFor('service'), {
      extra: [
        { name: 'client_secret', value: 'stray' },
        { name: 'foo', value: 'bar' },
      ],
    });
    assert.equal(extra.response?.status, 200, JSON.stringify(extra.error));
    assert.ok(!extra.request.form?.some((p) => p.name === 'client_secret'));
    assert.ok(extra.request.form?.some((p) => p.name === 'foo'));
  });

  it('two requests in a row carry different jti and both succeed (oidc-provider rejects reuse)', async () => {
    const ctx = { ...ctxFor('service'), keyCache: new KeyCache() };
    const a = await clientCredentials(ctx);
    const b = await clientCredentials(ctx);
    assert.equal(a.response?.status, 200);
    assert.equal(b.response?.status, 200);
    assert.ok(a.assertion?.claims.jti);
    assert.notEqual(a.assertion?.claims.jti, b.assertion?.claims.jti);
    assert.equal(ctx.keyCache.size, 1, 'the key was imported once');
  });

  it('assertionFor signs what the endpoint call would carry', async () => {
    const { jwt, decoded } = await assertionFor(ctxFor('rsaJwt', { audience: 'endpoint' }), 'introspection');
    assert.equal(decoded.claims.aud, metadata.introspection_endpoint);
    assert.equal(decodeJwt(jwt).header.kid, as.clients.rsaJwt.publicJwk?.kid);
    await assert.rejects(assertionFor(ctxFor('basic'), 'token'), (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID');
  });
});
