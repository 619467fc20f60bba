/**
 * The origin story (docs: DESIGN.md): a private_key_jwt client gets a token; an
 * introspection request sending only client_id gets 401 invalid_client; the
 * engine's introspect with the same profile's client authentication answers
 * active: true; after revoke, active: false.
 */
import assert from 'node:assert/strict';
import { type CallContext } from '../../src/core/client-auth';
import { sendHttp } from '../../src/core/http/transport';
import { introspect, revoke } from '../../src/core/operations/endpoints';
import { clientCredentials } from '../../src/core/operations/grants';
import { profileFor } from '../fixtures/auth-server';
import { useAuthServer } from './server-context';

describe('origin story: private_key_jwt client, introspection needs the same client authentication', () => {
  const server = useAuthServer();
  let ctx: CallContext;

  before(() => {
    ctx = server.contextFor('service');
  });

  it('token → naive introspection 401 invalid_client → introspect active → revoke → inactive', async () => {
    const token = await clientCredentials(ctx, { scope: 'api:read' });
    assert.equal(token.response?.status, 200, JSON.stringify(token.error));
    const accessToken = token.result!.access_token;
    assert.ok(
      token.request.form?.some((p) => p.name === 'client_assertion'),
      'the token call used private_key_jwt',
    );

    // What the developer tried: only client_id (also in the query string, which changes nothing).
    const naive = await sendHttp({
      method: 'POST',
      url: `${ctx.metadata!.introspection_endpoint}?client_id=${encodeURIComponent(ctx.profile.clientId)}`,
      headers: [],
      form: [
        { name: 'token', value: accessToken, secret: true },
        { name: 'client_id', value: ctx.profile.clientId },
      ],
    });
    assert.equal(naive.response.status, 401);
    assert.equal((naive.response.json as { error?: string }).error, 'invalid_client');

    const active = await introspect(ctx, { token: accessToken });
    assert.equal(active.error, undefined, JSON.stringify(active.error));
    assert.equal(active.result?.active, true);
    assert.equal(active.result?.client_id, ctx.profile.clientId);
    assert.equal(active.result?.scope, 'api:read');
    assert.equal(active.result?.iss, server.as.issuer);
    assert.equal(typeof active.result?.exp, 'number');
    assert.ok(active.assertion, 'introspection carried a client assertion');
    assert.notEqual(active.assertion?.claims.jti, token.assertion?.claims.jti);

    const revoked = await revoke(ctx, { token: accessToken, tokenTypeHint: 'access_token' });
    assert.equal(revoked.error, undefined, JSON.stringify(revoked.error));
    assert.equal(revoked.result?.accepted, true);
    assert.equal(revoked.result?.status, 200);

    const after = await introspect(ctx, { token: accessToken });
    assert.equal(after.result?.active, false);
  });

  it('revocation without valid client authentication fails and says the token may still be active', async () => {
    const token = await clientCredentials(ctx);
    const wrong: CallContext = { ...ctx, ...profileFor(server.as, 'rsaJwt') };
    wrong.profile = { ...wrong.profile, clientId: ctx.profile.clientId }; // right id, wrong key
    const ex = await revoke(wrong, { token: token.result!.access_token });
    assert.equal(ex.error?.code, 'OAUTH_INVALID_CLIENT');
    assert.match(ex.error.message, /may still be active/);
    assert.equal((await introspect(ctx, { token: token.result!.access_token })).result?.active, true);
  });
});
