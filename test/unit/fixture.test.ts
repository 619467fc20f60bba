import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import { startAuthServer, type AuthServer, type DemoClient } from '../fixtures/auth-server';

async function sign(c: DemoClient, claims: jose.JWTPayload): Promise<string> {
  const key = await jose.importPKCS8(c.privatePem!, c.alg!);
  return new jose.SignJWT({ ...claims, jti: randomUUID() })
    .setProtectedHeader({ alg: c.alg!, kid: c.publicJwk!.kid })
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
}

describe('fixture: oidc-provider auth server', () => {
  let as: AuthServer;
  before(async () => {
    as = await startAuthServer();
  });
  after(async () => {
    await as?.close();
  });

  it('publishes discovery with the endpoints the core calls', async () => {
    const res = await fetch(`${as.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, unknown>;
    assert.equal(doc.issuer, as.issuer);
    for (const k of [
      'token_endpoint',
      'introspection_endpoint',
      'revocation_endpoint',
      'userinfo_endpoint',
      'jwks_uri',
      'device_authorization_endpoint',
      'pushed_authorization_request_endpoint',
    ]) {
      assert.equal(typeof doc[k], 'string', k);
    }
    const grants = doc.grant_types_supported as string[];
    assert.ok(grants.includes('urn:ietf:params:oauth:grant-type:jwt-bearer'));
    assert.ok(grants.includes('urn:ietf:params:oauth:grant-type:token-exchange'));
  });

  it('registers every demo client with valid metadata', async () => {
    for (const [name, c] of Object.entries(as.clients)) {
      const client = await as.provider.Client.find(c.clientId);
      assert.ok(client, `${name} is registered`);
      assert.equal(client.clientAuthMethod, c.authMethod, name);
    }
  });

  it('issues a client_credentials token to the basic client via plain fetch', async () => {
    const { clientId, clientSecret } = as.clients.basic;
    const res = await fetch(`${as.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read' }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(typeof body.access_token, 'string');
    assert.equal(body.token_type, 'Bearer');
  });

  it('answers invalid_client when the basic client sends a wrong secret', async () => {
    const res = await fetch(`${as.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${as.clients.basic.clientId}:wrong`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_client');
  });

  it('serves RFC 8414 metadata at the path-aware location for a path issuer', async () => {
    const tenant = await startAuthServer({ issuerPath: '/tenant/a' });
    try {
      const u = new URL(tenant.issuer);
      const res = await fetch(`${u.origin}/.well-known/oauth-authorization-server/tenant/a`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as Record<string, unknown>;
      assert.equal(doc.issuer, tenant.issuer);
      assert.equal(doc.token_endpoint, `${tenant.issuer}/token`);
      const oidc = await fetch(`${tenant.issuer}/.well-known/openid-configuration`);
      assert.equal(oidc.status, 200);
    } finally {
      await tenant.close();
    }
  });

  async function tokenCall(c: DemoClient, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const client_assertion = await sign(c, { iss: c.clientId, sub: c.clientId, aud: as.issuer });
    const res = await fetch(`${as.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...params,
        client_id: c.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('accepts the RFC 7523 jwt-bearer grant with an assertion signed by the client key', async () => {
    const c = as.clients.service;
    const assertion = await sign(c, { iss: c.clientId, sub: 'alice', aud: as.issuer });
    const r = await tokenCall(c, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion, scope: 'openid api:read' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(typeof r.body.access_token, 'string');
    const forged = await sign(as.clients.rsaJwt, { iss: c.clientId, sub: 'alice', aud: as.issuer });
    const bad = await tokenCall(c, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: forged });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_grant');
  });

  it('accepts RFC 8693 token exchange for an active access token and rejects an unknown one', async () => {
    const c = as.clients.service;
    const first = await tokenCall(c, { grant_type: 'client_credentials', scope: 'api:read' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const ok = await tokenCall(c, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: String(first.body.access_token),
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
    const bad = await tokenCall(c, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: 'not-a-token',
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    assert.equal(bad.body.error, 'invalid_grant');
  });

  it('gives JWT access tokens for the JWT resource and opaque ones otherwise', async () => {
    const c = as.clients.service;
    const jwt = await tokenCall(c, { grant_type: 'client_credentials', scope: 'api:read', resource: as.jwtAccessTokenResource });
    assert.equal(jwt.status, 200, JSON.stringify(jwt.body));
    assert.equal(String(jwt.body.access_token).split('.').length, 3);
    const opaque = await tokenCall(c, { grant_type: 'client_credentials', scope: 'api:read' });
    assert.notEqual(String(opaque.body.access_token).split('.').length, 3);
  });
});
