/**
 * The other side of every rule: requests the engine prepares correctly, answered
 * successfully by the real server, draw no warning and no error — for every
 * credentialed endpoint and grant, with the private_key_jwt `service` client.
 */
import assert from 'node:assert/strict';
import {
  clientCredentials,
  createPkce,
  deviceAuthorizationRequest,
  diagnose,
  introspect,
  jwtBearerGrant,
  pushAuthorizationRequest,
  revoke,
  runOperation,
  tokenExchange,
  userinfo,
  type CallContext,
  type Exchange,
  type ServerMetadata,
} from '../../src/core';
import { assertNoSecrets } from './diagnose-helpers';
import { useAuthServer } from './server-context';

describe('diagnose: no false positives on correct requests (real oidc-provider)', () => {
  const server = useAuthServer();
  let md: ServerMetadata;
  let ctx: CallContext;

  before(() => {
    md = server.metadata;
    ctx = server.contextFor('service');
  });

  function clean(ex: Exchange, what: string): void {
    assert.ok(ex.response && ex.response.status < 300, `${what}: ${JSON.stringify(ex.error)}`);
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata: md });
    assert.deepEqual(
      f.filter((x) => x.severity !== 'info').map((x) => `${x.code}: ${x.title}`),
      [],
      what,
    );
    const secrets = [...(ex.request.form ?? []), ...ex.request.headers].filter((p) => p.secret).map((p) => p.value);
    assertNoSecrets(f, [...secrets, ctx.secrets.privateKey]);
  }

  it('token (client_credentials, jwt-bearer, token exchange), introspection, revocation, userinfo, PAR, device authorization', async () => {
    const cc = await clientCredentials(ctx, { scope: 'api:read' });
    clean(cc, 'client_credentials');
    const jb = await jwtBearerGrant(ctx, { subject: 'user-7', scope: 'openid' });
    clean(jb, 'jwt-bearer');
    clean(await userinfo(ctx, { accessToken: jb.result!.access_token }), 'userinfo');
    clean(
      await tokenExchange(ctx, {
        subjectToken: cc.result!.access_token,
        subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      }),
      'token exchange',
    );
    clean(await introspect(ctx, { token: cc.result!.access_token }), 'introspection');
    clean(await revoke(ctx, { token: cc.result!.access_token, tokenTypeHint: 'access_token' }), 'revocation');
    const pkce = createPkce();
    clean(
      await pushAuthorizationRequest(ctx, [
        { name: 'response_type', value: 'code' },
        { name: 'redirect_uri', value: 'http://127.0.0.1/callback' },
        { name: 'scope', value: 'openid' },
        { name: 'code_challenge', value: pkce.challenge },
        { name: 'code_challenge_method', value: 'S256' },
      ]),
      'PAR',
    );
    clean(await runOperation(ctx, deviceAuthorizationRequest({ scope: 'openid' }), (r) => r.json), 'device authorization');
  });

  it('each audience mode the server accepts (issuer, endpoint, token endpoint) is clean at introspection', async () => {
    const t = await clientCredentials(ctx);
    for (const audience of ['issuer', 'endpoint', 'token_endpoint'] as const) {
      const c: CallContext = { ...ctx, profile: { ...ctx.profile, audience } };
      const ex = await introspect(c, { token: t.result!.access_token });
      assert.equal(ex.result?.active, true, audience);
      assert.deepEqual(
        diagnose({ exchange: ex, profile: c.profile, metadata: md })
          .filter((x) => x.severity !== 'info')
          .map((x) => x.code),
        [],
        audience,
      );
    }
  });
});
