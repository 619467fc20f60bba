/**
 * OAuth error responses from the real oidc-provider, each explained: a grant the
 * client may not use, an unknown scope, rejected grants (refresh token, code without
 * PKCE verifier, token-exchange subject token, jwt-bearer assertion), a grant type
 * the server does not support, and required parameters left out.
 */
import assert from 'node:assert/strict';
import {
  createClientAssertion,
  diagnose,
  jwtBearerGrant,
  userinfo,
  parseCurl,
  refreshToken,
  tokenExchange,
  clientCredentials,
  type CallContext,
  type ServerMetadata,
} from '../../src/core';
import { profileFor } from '../fixtures/auth-server';
import { assertNoSecrets, codes, find, sendDraft, absent } from './diagnose-helpers';
import { useAuthServer } from './server-context';

describe('diagnose: OAuth error responses (real oidc-provider)', () => {
  const server = useAuthServer({
    extraClients: [
      {
        client_id: 'code-only',
        client_secret: 'code-only-secret-0123456789abcdef0123456789',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
        application_type: 'native',
      },
      {
        client_id: 'narrow',
        client_secret: 'narrow-secret-0123456789abcdef0123456789abcd',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'api:read',
      },
    ],
  });
  let md: ServerMetadata;
  let basic: CallContext;

  before(() => {
    md = server.metadata;
    basic = server.contextFor('basic');
  });

  it('client_credentials for a client registered only for authorization_code → UNAUTHORIZED_CLIENT (oidc-provider says invalid_request)', async () => {
    const ctx: CallContext = {
      profile: { id: 'co', name: 'code-only', issuer: server.as.issuer, clientId: 'code-only', authMethod: 'client_secret_basic' },
      secrets: { clientSecret: 'code-only-secret-0123456789abcdef0123456789' },
      metadata: md,
    };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.error?.oauth?.errorDescription, 'requested grant type is not allowed for this client');
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata: md });
    assert.equal(f[0]?.code, 'UNAUTHORIZED_CLIENT');
    assert.match(f[0].title, /not allowed to use grant_type client_credentials/);
    assert.match(f[0].fix, /server supports the grant in general, so it is this client's registration/);
  });

  it('userinfo with a token the server does not know → OAUTH_ERROR quoting invalid_token, and the Bearer WWW-Authenticate', async () => {
    const ex = await userinfo(basic, { accessToken: 'forged-access-token-0123456789abcdef' });
    assert.equal(ex.response?.status, 401);
    const f = diagnose({ exchange: ex, profile: basic.profile, metadata: md });
    const o = find(f, 'OAUTH_ERROR');
    assert.match(o.title, /^The server answered invalid_token/);
    const w = find(f, 'WWW_AUTHENTICATE');
    assert.match(w.title, /asks for Bearer authentication \(error=invalid_token\)/);
    assert.match(w.fix, /valid Bearer access token/);
    assertNoSecrets(f, ['forged-access-token-0123456789abcdef']);
  });

  it('a scope the server does not advertise → SCOPE_NOT_ADVERTISED (oidc-provider drops it silently for client_credentials)', async () => {
    const draft = parseCurl(
      `curl -u ${server.as.clients.basic.clientId}:${server.as.clients.basic.clientSecret} ${md.token_endpoint} -d grant_type=client_credentials -d 'scope=api:read admin:all'`,
    );
    const f = find(diagnose({ draft, metadata: md }), 'SCOPE_NOT_ADVERTISED');
    assert.match(f.title, /admin:all/);
    assert.equal(f.severity, 'info');
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal((ex.response?.json as { scope?: string }).scope, 'api:read');
  });

  it('a scope not granted to this client → INVALID_SCOPE naming the scope and the request', async () => {
    const draft = parseCurl(
      `curl -u narrow:narrow-secret-0123456789abcdef0123456789abcd ${md.token_endpoint} -d grant_type=client_credentials -d 'scope=api:read api:write'`,
    );
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_scope');
    const f = find(diagnose({ exchange: ex, metadata: md }), 'INVALID_SCOPE');
    assert.equal(f.title, 'A requested scope is not allowed for this client');
    assert.ok(f.evidence.includes('body scope=api:read api:write'), f.evidence.join('\n'));
    assert.ok(f.evidence.some((e) => e.startsWith('metadata scopes_supported:')));
    assertNoSecrets([f], ['narrow-secret-0123456789abcdef0123456789abcd']);
  });

  it('a refresh token that does not exist → INVALID_GRANT about the refresh token', async () => {
    const ex = await refreshToken(basic, { refreshToken: 'rt-that-was-rotated-away-0123456789' });
    assert.equal(ex.error?.code, 'OAUTH_INVALID_GRANT');
    const f = diagnose({ exchange: ex, profile: basic.profile, metadata: md });
    assert.equal(f[0]?.code, 'INVALID_GRANT');
    assert.equal(f[0].title, 'The refresh token was rejected');
    assert.match(f[0].fix, /rotation/);
    assertNoSecrets(f, ['rt-that-was-rotated-away-0123456789', server.as.clients.basic.clientSecret]);
  });

  it('token exchange with a revoked/unknown subject token → INVALID_GRANT about the subject token', async () => {
    const ex = await tokenExchange(basic, {
      subjectToken: 'not-an-issued-token-0123456789',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    });
    assert.equal(ex.error?.code, 'OAUTH_INVALID_GRANT');
    assert.equal(diagnose({ exchange: ex, profile: basic.profile, metadata: md })[0]?.title, 'The subject token was rejected');
  });

  it('a jwt-bearer grant with an assertion for the wrong audience → INVALID_GRANT quoting the decoded claims', async () => {
    const service: CallContext = { ...profileFor(server.as, 'service'), metadata: md };
    const { jwt } = await createClientAssertion({
      clientId: service.profile.clientId,
      subject: 'user-42',
      audience: 'https://elsewhere.example/',
      alg: 'RS256',
      method: 'private_key_jwt',
      privateKey: service.secrets.privateKey!,
      kid: service.profile.keyId!,
    });
    const ex = await jwtBearerGrant(service, { assertion: jwt });
    assert.equal(ex.error?.code, 'OAUTH_INVALID_GRANT', JSON.stringify(ex.error));
    const f = find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'INVALID_GRANT');
    assert.equal(f.title, 'The JWT bearer assertion (grant) was rejected');
    assert.ok(f.evidence.includes('assertion aud: "https://elsewhere.example/"'), f.evidence.join('\n'));
    assert.ok(f.evidence.includes('assertion sub: "user-42"'));
    assertNoSecrets([f], [jwt]);
  });

  it('a pasted code exchange without code_verifier → PKCE_MISSING before; INVALID_GRANT naming redirect_uri/verifier after', async () => {
    const draft = parseCurl(
      `curl -u ${server.as.clients.basic.clientId}:${server.as.clients.basic.clientSecret} ${md.token_endpoint} -d grant_type=authorization_code -d code=SplxlOBeZQQYbYS6WxSbIA -d redirect_uri=http://127.0.0.1/callback`,
    );
    const pre = find(diagnose({ draft, metadata: md }), 'PKCE_MISSING');
    assert.ok(pre.evidence.includes('metadata code_challenge_methods_supported: ["S256"]'));
    const ex = await sendDraft(draft, 'authorization_code');
    assert.equal(ex.error?.oauth?.error, 'invalid_grant');
    const f = find(diagnose({ exchange: ex, metadata: md }), 'INVALID_GRANT');
    assert.equal(f.title, 'The authorization code was rejected');
    assert.ok(f.evidence.includes('no code_verifier in the body'));
    assert.match(f.fix, /code_verifier must match the code_challenge/);
  });

  it('grant_type=password, which the server does not list → GRANT_TYPE_UNSUPPORTED before, UNSUPPORTED_GRANT_TYPE after', async () => {
    const draft = parseCurl(
      `curl -u ${server.as.clients.basic.clientId}:${server.as.clients.basic.clientSecret} ${md.token_endpoint} -d grant_type=password -d username=alice -d password=wonderland`,
    );
    const pre = find(diagnose({ draft, metadata: md }), 'GRANT_TYPE_UNSUPPORTED');
    assert.ok(pre.evidence.some((e) => e.startsWith('metadata grant_types_supported:')));
    const ex = await sendDraft(draft, 'password');
    assert.equal(ex.error?.oauth?.error, 'unsupported_grant_type');
    find(diagnose({ exchange: ex, metadata: md }), 'UNSUPPORTED_GRANT_TYPE');
    assertNoSecrets(diagnose({ exchange: ex, metadata: md }), ['wonderland']);
  });

  it('a token request without grant_type → GRANT_TYPE_MISSING; server: invalid_request', async () => {
    const draft = parseCurl(
      `curl -u ${server.as.clients.basic.clientId}:${server.as.clients.basic.clientSecret} ${md.token_endpoint} -d scope=api:read`,
    );
    find(diagnose({ draft, metadata: md }), 'GRANT_TYPE_MISSING');
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_request');
    const f = find(diagnose({ exchange: ex, metadata: md }), 'INVALID_REQUEST');
    assert.match(f.title, /grant_type/);
    assert.ok(f.evidence.some((e) => e.startsWith('related: GRANT_TYPE_MISSING')) || /grant_type/.test(f.fix));
  });

  it('an introspection request without token → TOKEN_PARAM_MISSING; server: invalid_request', async () => {
    const draft = parseCurl(
      `curl -u ${server.as.clients.basic.clientId}:${server.as.clients.basic.clientSecret} ${md.introspection_endpoint} -d token_type_hint=access_token`,
    );
    find(diagnose({ draft, metadata: md }), 'TOKEN_PARAM_MISSING');
    const ex = await sendDraft(draft, 'introspect');
    assert.equal(ex.error?.oauth?.error, 'invalid_request');
    assert.match(find(diagnose({ exchange: ex, metadata: md }), 'INVALID_REQUEST').title, /token/);
  });

  it('a JSON body → BODY_NOT_FORM_ENCODED before; the server answers invalid_request about the content type', async () => {
    const draft = parseCurl(
      `curl -X POST ${md.token_endpoint} -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials","client_id":"${server.as.clients.post.clientId}","client_secret":"${server.as.clients.post.clientSecret}"}'`,
    );
    const pre = diagnose({ draft, metadata: md });
    assert.equal(pre[0]?.code, 'BODY_NOT_FORM_ENCODED', JSON.stringify(codes(pre)));
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_request');
    const post = diagnose({ exchange: ex, metadata: md });
    const f = find(post, 'INVALID_REQUEST');
    assert.match(f.title, /x-www-form-urlencoded/);
    assertNoSecrets(post, [server.as.clients.post.clientSecret]);
  });

  it('GET on the token endpoint → WRONG_HTTP_METHOD before; the real 404 text body → ENDPOINT_NOT_FOUND, not RESPONSE_NOT_JSON', async () => {
    const draft = parseCurl(`curl ${md.token_endpoint}?grant_type=client_credentials`);
    find(diagnose({ draft, metadata: md }), 'WRONG_HTTP_METHOD');
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.response?.status, 404);
    const post = diagnose({ exchange: ex, metadata: md });
    find(post, 'ENDPOINT_NOT_FOUND');
    find(post, 'WRONG_HTTP_METHOD');
    absent(post, 'RESPONSE_NOT_JSON');
  });
});
