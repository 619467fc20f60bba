import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnose';
import type { CallContext } from '../../src/core/client-auth';
import { introspect, revoke, userinfo, INTROSPECTION_JWT } from '../../src/core/operations/endpoints';
import { clientCredentials } from '../../src/core/operations/grants';
import { ConfigError } from '../../src/core/errors';
import { startAuthServer } from '../fixtures/auth-server';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { useAuthServer } from './server-context';

describe('introspection (RFC 7662 / RFC 9701), revocation, userinfo', () => {
  const server = useAuthServer();
  let ctx: CallContext;

  before(() => {
    ctx = server.contextFor('service');
  });

  it('every confidential auth method can introspect and revoke its own token', async () => {
    for (const name of ['basic', 'post', 'secretJwt', 'ecJwt', 'edJwt'] as const) {
      const c = server.contextFor(name);
      const t = await clientCredentials(c);
      const i = await introspect(c, { token: t.result!.access_token, tokenTypeHint: 'access_token' });
      assert.equal(i.result?.active, true, `${name}: ${JSON.stringify(i.error)}`);
      const r = await revoke(c, { token: t.result!.access_token });
      assert.equal(r.result?.accepted, true, name);
      assert.match(r.result?.note ?? '', /does not prove the token was revoked.*Introspect the token to confirm/, name);
      assert.equal((await introspect(c, { token: t.result!.access_token })).result?.active, false, name);
    }
  });

  it('RFC 9701: asks for a signed introspection response and verifies it against the issuer JWKS', async () => {
    const t = await clientCredentials(ctx, { scope: 'api:read' });
    const ex = await introspect(ctx, { token: t.result!.access_token, jwtResponse: true });
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    assert.equal(ex.request.headers.find((h) => h.name === 'accept')?.value, INTROSPECTION_JWT);
    assert.match(ex.response!.headers['content-type'] ?? '', /token-introspection\+jwt/);
    assert.equal(ex.jwt?.verified, true);
    assert.equal(ex.jwt?.claims.iss, server.as.issuer);
    assert.equal(ex.result?.active, true);
    assert.equal(ex.result?.client_id, ctx.profile.clientId);
  });

  it('RFC 9701: a signed response from the wrong issuer keys does not verify → JWT_INVALID, no result', async () => {
    // A second provider signs with other keys; point this profile's jwks_uri at it.
    const other = await startAuthServer();
    try {
      const t = await clientCredentials(ctx);
      const wrongKeys: CallContext = { ...ctx, profile: { ...ctx.profile, endpoints: { jwks_uri: `${other.issuer}/jwks` } } };
      const ex = await introspect(wrongKeys, { token: t.result!.access_token, jwtResponse: true });
      assert.equal(ex.error?.code, 'JWT_INVALID');
      assert.equal(ex.result, undefined);
      assert.equal(ex.jwt?.verified, false);
    } finally {
      await other.close();
    }
  });

  it('userinfo with an invalid token: the WWW-Authenticate error is parsed', async () => {
    const ex = await userinfo(ctx, { accessToken: 'not-a-token' });
    assert.equal(ex.response?.status, 401);
    assert.equal(ex.error?.code, 'OAUTH_INVALID_TOKEN');
  });

  it('a missing endpoint is CONFIG_MISSING_ENDPOINT (nothing sent)', async () => {
    const bare: CallContext = { ...ctx, metadata: undefined };
    await assert.rejects(
      introspect(bare, { token: 'x' }),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_MISSING_ENDPOINT' && /introspection endpoint/.test(e.message),
    );
  });

  describe('bad answers from an introspection endpoint', () => {
    let srv: MisbehavingServer;
    before(async () => {
      srv = await startMisbehavingServer({
        '/active-string': { kind: 'respond', body: { active: 'true' } },
        '/no-active': { kind: 'respond', body: { sub: 'x' } },
        '/revoke-500': { kind: 'respond', status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>down</h1>' },
      });
    });
    after(async () => {
      await srv?.close();
    });
    const at = (path: string, rev = false): CallContext => ({
      ...ctx,
      profile: { ...ctx.profile, endpoints: rev ? { revocation: `${srv.url}${path}` } : { introspection: `${srv.url}${path}` } },
    });

    it('active as the string "true" is read as true, with a RESPONSE_TYPE_COERCED warning; missing active → RESPONSE_INVALID', async () => {
      const a = await introspect(at('/active-string'), { token: 'tok' });
      assert.equal(a.error, undefined, JSON.stringify(a.error));
      assert.equal(a.result?.active, true);
      const w = diagnose({ exchange: a }).find((f) => f.code === 'RESPONSE_TYPE_COERCED');
      assert.match(w?.title ?? '', /"active": "true" as strings; read leniently as a boolean/);
      const b = await introspect(at('/no-active'), { token: 'tok' });
      assert.equal(b.error?.code, 'RESPONSE_INVALID');
      assert.match(b.error.message, /"active" as missing/);
      assert.equal(b.result, undefined);
    });

    it('a failed revocation says the token may still be active', async () => {
      const r = await revoke(at('/revoke-500', true), { token: 'tok' });
      assert.equal(r.error?.code, 'RESPONSE_NOT_JSON');
      assert.match(r.error.message, /may still be active/);
    });
  });
});
