import assert from 'node:assert/strict';
import { discoverFromEndpointUrl, issuerCandidates } from '../../src/core';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';

describe('discovery from an endpoint URL (explain a pasted curl)', () => {
  let tenant: AuthServer;
  let plain: MisbehavingServer;

  before(async () => {
    [tenant, plain] = await Promise.all([
      startAuthServer({ issuerPath: '/tenant/a' }),
      startMisbehavingServer({ '/oauth/token': { kind: 'respond', status: 400, body: { error: 'invalid_request' } } }),
    ]);
  });
  after(async () => {
    await Promise.all([tenant?.close(), plain?.close()]);
  });

  it('lists path prefixes longest first, keeping the short ones for deep paths', () => {
    assert.deepEqual(issuerCandidates('https://x.okta.com/oauth2/default/v1/introspect'), [
      'https://x.okta.com/oauth2/default/v1',
      'https://x.okta.com/oauth2/default',
      'https://x.okta.com/oauth2',
      'https://x.okta.com',
      'https://x.okta.com/',
    ]);
    const keycloak = issuerCandidates('https://kc.example/realms/acme/protocol/openid-connect/token/introspect');
    assert.ok(keycloak.includes('https://kc.example/realms/acme'), keycloak.join(' '));
    assert.equal(keycloak.length, 6);
  });

  it('finds the issuer with a path whose metadata lists the called URL', async () => {
    const url = `${tenant.issuer}/token/introspection`;
    const found = await discoverFromEndpointUrl(url);
    assert.ok(found, 'an issuer was found');
    assert.equal(found.issuer, tenant.issuer);
    assert.equal(found.metadata.introspection_endpoint, url);
    assert.equal(found.listsEndpoint, true);
    assert.ok(found.exchanges.length >= 2, 'the failed candidates are kept for display');
  });

  it('resolves undefined for a server without discovery', async () => {
    assert.equal(await discoverFromEndpointUrl(`${plain.url}/oauth/token`), undefined);
  });

  it('stops at once when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(discoverFromEndpointUrl(`${tenant.issuer}/token`, { http: { signal: ac.signal } }));
  });
});
