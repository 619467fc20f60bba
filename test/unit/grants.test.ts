import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import type { CallContext } from '../../src/core/client-auth';
import { introspect, userinfo } from '../../src/core/operations/endpoints';
import { buildOperation } from '../../src/core/operations/build';
import { prepareRequest } from '../../src/core/operations/request';
import {
  clientCredentials,
  jwtBearerGrant,
  passwordGrant,
  refreshToken,
  tokenExchange,
  GRANT_JWT_BEARER,
} from '../../src/core/operations/grants';
import { decodeJwt } from '../../src/core/crypto/jwt';
import { useAuthServer } from './server-context';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

describe('grants against oidc-provider', () => {
  const server = useAuthServer();
  let ctx: CallContext;

  before(() => {
    ctx = server.contextFor('service');
  });

  it('client_credentials sends scope, each resource, audience and extra params in order', async () => {
    const op = buildOperation('client_credentials', {
      scope: 'api:read',
      resource: ['https://api.example/a'],
      audience: 'aud-x',
      extra: [{ name: 'foo', value: 'bar baz' }],
    });
    assert.deepEqual(
      op.form.map((p) => p.name),
      ['grant_type', 'scope', 'resource', 'audience', 'foo'],
    );
    assert.equal(op.endpoint, 'token');
    assert.equal(op.credentialed, true);
    // profile defaults for scope/resource
    const withDefaults = buildOperation('client_credentials', {}, { scope: 'api:write', resource: ['urn:a', 'urn:b'] });
    assert.deepEqual(
      withDefaults.form.map((p) => `${p.name}=${p.value}`),
      ['grant_type=client_credentials', 'scope=api:write', 'resource=urn:a', 'resource=urn:b'],
    );
    const prepared = await prepareRequest(ctx, op);
    assert.equal(prepared.request.url, server.metadata.token_endpoint);
    assert.ok(prepared.assertion, 'the preview shows the assertion it would send');
  });

  it('an RFC 8707 resource yields a JWT access token for that audience', async () => {
    const ex = await clientCredentials(ctx, { scope: 'api:read', resource: [server.as.jwtAccessTokenResource] });
    assert.equal(ex.response?.status, 200, JSON.stringify(ex.error));
    const jwt = decodeJwt(ex.result!.access_token);
    assert.equal(jwt.claims.aud, server.as.jwtAccessTokenResource);
    assert.equal(jwt.claims.client_id, ctx.profile.clientId);
  });

  it('jwt-bearer (RFC 7523 §2.1) with an assertion signed by the profile key, then userinfo and introspection for the subject', async () => {
    const ex = await jwtBearerGrant(ctx, { subject: 'alice', scope: 'openid email' });
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    const grantAssertion = ex.request.form?.find((p) => p.name === 'assertion');
    assert.ok(grantAssertion?.secret);
    const claims = decodeJwt(grantAssertion.value).claims;
    assert.equal(claims.iss, ctx.profile.clientId);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.aud, server.as.issuer);
    assert.notEqual(claims.jti, ex.assertion?.claims.jti, 'grant assertion and client assertion are different JWTs');
    assert.equal(ex.request.form?.find((p) => p.name === 'grant_type')?.value, GRANT_JWT_BEARER);

    const info = await introspect(ctx, { token: ex.result!.access_token });
    assert.equal(info.result?.active, true);
    assert.equal(info.result?.sub, 'alice');

    const me = await userinfo(ctx, { accessToken: ex.result!.access_token });
    assert.equal(me.error, undefined, JSON.stringify(me.error));
    assert.equal(me.result?.sub, 'alice');
    assert.equal(me.result?.email, 'alice@example.test');
    assert.equal(me.request.headers.find((h) => h.name === 'authorization')?.secret, true);
  });

  it('jwt-bearer with a pasted assertion; a forged one is invalid_grant', async () => {
    const c = server.as.clients.service;
    const sign = async (pem: string, kid: string) =>
      new jose.SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(c.clientId)
        .setSubject('bob')
        .setAudience(server.as.issuer)
        .setIssuedAt()
        .setExpirationTime('60s')
        .sign(await jose.importPKCS8(pem, 'RS256'));
    const ok = await jwtBearerGrant(ctx, { assertion: await sign(c.privatePem!, c.publicJwk!.kid!) });
    assert.equal(ok.response?.status, 200, JSON.stringify(ok.error));
    const forged = await jwtBearerGrant(ctx, { assertion: await sign(server.as.clients.rsaJwt.privatePem!, c.publicJwk!.kid!) });
    assert.equal(forged.error?.code, 'OAUTH_INVALID_GRANT');
    assert.equal(forged.error?.oauth?.errorDescription, 'grant request is invalid', 'error_description kept');
  });

  it('refresh_token grant with a refresh token issued for offline_access', async () => {
    const first = await jwtBearerGrant(ctx, { subject: 'carol', scope: 'openid offline_access' });
    assert.equal(typeof first.result?.refresh_token, 'string', JSON.stringify(first.response?.json));
    const ex = await refreshToken(ctx, { refreshToken: first.result!.refresh_token! });
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    assert.equal(typeof ex.result?.access_token, 'string');
    assert.notEqual(ex.result?.access_token, first.result?.access_token);
    assert.equal(ex.request.form?.find((p) => p.name === 'refresh_token')?.secret, true);
    const bad = await refreshToken(ctx, { refreshToken: 'nope' });
    assert.equal(bad.error?.code, 'OAUTH_INVALID_GRANT');
  });

  it('token exchange (RFC 8693) of an active token; an unknown subject token is invalid_grant', async () => {
    const subject = await clientCredentials(ctx, { scope: 'api:read' });
    const ex = await tokenExchange(ctx, {
      subjectToken: subject.result!.access_token,
      subjectTokenType: ACCESS_TOKEN_TYPE,
      requestedTokenType: ACCESS_TOKEN_TYPE,
      audience: 'downstream',
    });
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    assert.equal(ex.result?.issued_token_type, ACCESS_TOKEN_TYPE);
    assert.equal(ex.request.form?.find((p) => p.name === 'subject_token')?.secret, true);
    const bad = await tokenExchange(ctx, { subjectToken: 'unknown', subjectTokenType: ACCESS_TOKEN_TYPE });
    assert.equal(bad.error?.code, 'OAUTH_INVALID_GRANT');
    assert.ok(bad.error?.oauth?.errorDescription, 'error_description kept');
  });

  it('password grant is flagged legacy; the server error is parsed, the password marked secret', async () => {
    const ex = await passwordGrant(ctx, { username: 'u', password: 'pw-123', scope: 'openid' });
    assert.equal(ex.legacy, true);
    assert.equal(ex.error?.code, 'OAUTH_UNSUPPORTED_GRANT_TYPE');
    assert.equal(ex.request.form?.find((p) => p.name === 'password')?.secret, true);
    assert.ok(!ex.error?.message.includes('pw-123'));
  });
});
