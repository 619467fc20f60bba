import assert from 'node:assert/strict';
import { discover, DiscoveryFailure, oauthServerMetadataUrl, openidConfigurationUrl, resolveEndpoints } from '../../src/core/discovery';
import { ConfigError } from '../../src/core/errors';
import type { ClientProfile } from '../../src/core/types';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startMisbehavingServer } from '../fixtures/misbehaving-server';

describe('discovery', () => {
  let as: AuthServer;
  let tenant: AuthServer;
  let oauthOnly: AuthServer;

  before(async () => {
    [as, tenant, oauthOnly] = await Promise.all([
      startAuthServer(),
      startAuthServer({ issuerPath: '/tenant/a' }),
      startAuthServer({ issuerPath: '/t2', openidConfiguration: false }),
    ]);
  });
  after(async () => {
    await Promise.all([as?.close(), tenant?.close(), oauthOnly?.close()]);
  });

  it('builds the OIDC and path-aware RFC 8414 URLs', () => {
    assert.equal(openidConfigurationUrl('https://a.example/t/x'), 'https://a.example/t/x/.well-known/openid-configuration');
    assert.equal(openidConfigurationUrl('https://a.example/'), 'https://a.example/.well-known/openid-configuration');
    assert.equal(oauthServerMetadataUrl('https://a.example/tenant/a'), 'https://a.example/.well-known/oauth-authorization-server/tenant/a');
    assert.equal(oauthServerMetadataUrl('https://a.example'), 'https://a.example/.well-known/oauth-authorization-server');
  });

  it('discovers OIDC metadata and checks the issuer', async () => {
    const { metadata, exchange } = await discover(as.issuer);
    assert.equal(metadata.issuer, as.issuer);
    assert.equal(metadata.token_endpoint, `${as.issuer}/token`);
    assert.equal(exchange.operation, 'discovery');
    assert.equal(exchange.request.url, `${as.issuer}/.well-known/openid-configuration`);
    assert.equal(exchange.response?.status, 200);
  });

  it('discovers RFC 8414 metadata for an issuer with a path', async () => {
    const { metadata, exchange } = await discover(tenant.issuer, { wellKnown: 'oauth-authorization-server' });
    assert.equal(metadata.issuer, tenant.issuer);
    assert.equal(exchange.request.url, `http://127.0.0.1:${tenant.port}/.well-known/oauth-authorization-server/tenant/a`);
  });

  it('auto falls back to RFC 8414 when the OIDC document is missing', async () => {
    const { metadata, exchange } = await discover(oauthOnly.issuer);
    assert.equal(metadata.issuer, oauthOnly.issuer);
    assert.match(exchange.request.url, /\/\.well-known\/oauth-authorization-server\/t2$/);
  });

  it('passes client_id through as a query parameter', async () => {
    const { exchange } = await discover(as.issuer, { clientId: 'demo service&x' });
    assert.equal(new URL(exchange.request.url).searchParams.get('client_id'), 'demo service&x');
  });

  it('aborts on an issuer mismatch, showing both values and how to fix it (no fallback)', async () => {
    const configured = `${as.issuer}/`; // trailing slash: a classic
    await assert.rejects(discover(configured), (e: unknown) => {
      assert.ok(e instanceof DiscoveryFailure);
      assert.equal(e.code, 'DISCOVERY_ISSUER_MISMATCH');
      assert.ok(e.message.includes(`"${as.issuer}"`) && e.message.includes(`"${configured}"`));
      assert.match(e.message, /Fix the issuer in the profile/);
      assert.equal(e.exchanges.length, 1, 'did not go on to try RFC 8414');
      return true;
    });
  });

  it('rejects plain http to a non-loopback issuer before sending anything', async () => {
    await assert.rejects(
      discover('http://login.example.com'),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INSECURE_HTTP',
    );
  });

  it('non-JSON / HTML / null / wrong types → DISCOVERY_FAILED with an escaped excerpt', async () => {
    const cases: Array<[string, object, RegExp]> = [
      [
        'html',
        { kind: 'respond', status: 200, headers: { 'content-type': 'text/html' }, body: '<html>\n<b>login</b>\n</html>' },
        /did not return JSON.*<html> <b>login<\/b> <\/html>/s,
      ],
      ['null', { kind: 'respond', headers: { 'content-type': 'application/json' }, body: 'null' }, /returned null/],
      ['array', { kind: 'respond', headers: { 'content-type': 'application/json' }, body: '[]' }, /returned an array/],
      ['noissuer', { kind: 'respond', body: { token_endpoint: 'x' } }, /without an "issuer"/],
      [
        '500',
        { kind: 'respond', status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>500 "quoted"</h1>' },
        /HTTP 500: "<h1>500 \\"quoted\\"<\/h1>"/,
      ],
    ];
    for (const [name, behavior, expected] of cases) {
      const s = await startMisbehavingServer({
        '/.well-known/openid-configuration': behavior as never,
        '/.well-known/oauth-authorization-server': behavior as never,
      });
      try {
        await assert.rejects(discover(s.url), (e: unknown) => {
          assert.ok(e instanceof DiscoveryFailure, name);
          assert.equal(e.code, 'DISCOVERY_FAILED');
          assert.match(e.message, expected, name);
          assert.equal(e.exchanges.length, 2);
          return true;
        });
      } finally {
        await s.close();
      }
    }
  });

  it('reports a refused connection as DISCOVERY_FAILED naming the cause', async () => {
    const s = await startMisbehavingServer({});
    const url = s.url;
    await s.close();
    await assert.rejects(discover(url), (e: unknown) => e instanceof DiscoveryFailure && /Nothing listens/.test(e.message));
  });

  it('resolveEndpoints: profile overrides win over metadata', async () => {
    const { metadata } = await discover(as.issuer);
    const profile: ClientProfile = {
      id: 'p',
      name: 'p',
      issuer: as.issuer,
      clientId: 'c',
      authMethod: 'none',
      endpoints: { introspection: 'https://override.example/introspect' },
    };
    const e = resolveEndpoints(profile, metadata);
    assert.equal(e.introspection, 'https://override.example/introspect');
    assert.equal(e.token, metadata.token_endpoint);
    assert.equal(e.device_authorization, metadata.device_authorization_endpoint);
    assert.deepEqual(resolveEndpoints(profile), { introspection: 'https://override.example/introspect' });
  });
});
