/**
 * Client-authentication rules, each triggered by a real pasted curl and confirmed by
 * the real oidc-provider's answer: assertion without / with a wrong type, two
 * methods at once, a method other than the registered one, conflicting client ids,
 * malformed and non-form-encoded Basic headers, a wrong secret (WWW-Authenticate),
 * and methods / algorithms the server's metadata does not list.
 */
import assert from 'node:assert/strict';
import { clientCredentials, createClientAssertion, diagnose, parseCurl, type CallContext, type ServerMetadata } from '../../src/core';
import { profileFor } from '../fixtures/auth-server';
import { absent, assertNoSecrets, codes, find, sendDraft } from './diagnose-helpers';
import { signAssertion, useAuthServer } from './server-context';

const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const PLUS_SECRET = 'Plus+Secret+With+Enough+Length+0123456789abcdef';

describe('diagnose: client authentication (real pasted curls against oidc-provider)', () => {
  const server = useAuthServer({
    extraClients: [
      {
        client_id: 'plus-secret',
        client_secret: PLUS_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
    ],
  });
  let md: ServerMetadata;
  let service: CallContext;

  before(() => {
    md = server.metadata;
    service = server.contextFor('service');
  });

  const serviceAssertion = () => signAssertion(service, server.as.issuer);

  it('client_assertion without client_assertion_type → ASSERTION_TYPE_MISSING; server: invalid_request', async () => {
    const jwt = await serviceAssertion();
    const draft = parseCurl(`curl -X POST ${md.token_endpoint} -d grant_type=client_credentials -d client_assertion=${jwt}`);
    const pre = diagnose({ draft, profile: service.profile, metadata: md });
    assert.equal(pre[0]?.code, 'ASSERTION_TYPE_MISSING', JSON.stringify(codes(pre)));
    assert.deepEqual(pre[0].action?.args, { name: 'client_assertion_type', value: TYPE });
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_request');
    const post = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    const f = find(post, 'INVALID_REQUEST_ASSERTION');
    assert.match(f.title, /client_assertion_type must be provided/);
    assertNoSecrets(post, [jwt]);
    assert.ok(JSON.stringify(post).includes(`<client_assertion: ${jwt.length} chars>`));
  });

  it('client_assertion_type set to the grant-type URN → ASSERTION_TYPE_WRONG; server: invalid_request', async () => {
    const jwt = await serviceAssertion();
    const draft = parseCurl(
      `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_assertion_type=urn:ietf:params:oauth:grant-type:jwt-bearer -d client_assertion=${jwt}`,
    );
    const pre = find(diagnose({ draft, profile: service.profile, metadata: md }), 'ASSERTION_TYPE_WRONG');
    assert.match(pre.fix, /grant type URN/);
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.response?.status, 400);
    find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'INVALID_REQUEST_ASSERTION');
  });

  it('client_assertion_type without client_assertion → ASSERTION_MISSING; server: invalid_client with it among the ranked causes', async () => {
    const draft = parseCurl(
      `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_id=${service.profile.clientId} -d client_assertion_type=${TYPE}`,
    );
    find(diagnose({ draft, profile: service.profile, metadata: md }), 'ASSERTION_MISSING');
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_client');
    const post = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    assert.equal(post[0]?.code, 'INVALID_CLIENT');
    assert.ok(
      post[0].evidence.some((e) => /likely cause \d: ASSERTION_MISSING/.test(e)),
      post[0].evidence.join('\n'),
    );
  });

  it('Basic header and client_secret in the body → MULTIPLE_AUTH_METHODS; server: invalid_request "one mechanism"', async () => {
    const { clientId, clientSecret } = server.as.clients.basic;
    const draft = parseCurl(
      `curl -u ${clientId}:${clientSecret} ${md.token_endpoint} -d grant_type=client_credentials -d client_secret=${clientSecret}`,
    );
    const basic = profileFor(server.as, 'basic').profile;
    const pre = diagnose({ draft, profile: basic, metadata: md });
    assert.equal(pre[0]?.code, 'MULTIPLE_AUTH_METHODS', JSON.stringify(codes(pre)));
    const ex = await sendDraft(draft, 'client_credentials');
    assert.match(ex.error?.oauth?.errorDescription ?? '', /only be provided using one mechanism/);
    const post = diagnose({ exchange: ex, profile: basic, metadata: md });
    const f = find(post, 'INVALID_REQUEST');
    assert.ok(
      f.evidence.some((e) => e.startsWith('related: MULTIPLE_AUTH_METHODS')),
      f.evidence.join('\n'),
    );
    assertNoSecrets(post, [clientSecret]);
  });

  it('client_secret_post for the private_key_jwt client → AUTH_METHOD_MISMATCH; server: invalid_client, ranked first', async () => {
    const draft = parseCurl(
      `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_id=${service.profile.clientId} -d client_secret=not-a-real-secret-at-all`,
    );
    const pre = diagnose({ draft, profile: service.profile, metadata: md });
    assert.equal(pre[0]?.code, 'AUTH_METHOD_MISMATCH');
    assert.match(pre[0].title, /client_secret in the body \(client_secret_post\), but this client authenticates with private_key_jwt/);
    const ex = await sendDraft(draft, 'client_credentials');
    const post = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    assert.deepEqual(codes(post).slice(0, 2), ['INVALID_CLIENT', 'AUTH_METHOD_MISMATCH']);
  });

  it('an HS256 assertion for the private_key_jwt client → AUTH_METHOD_MISMATCH (client_secret_jwt presented); server: invalid_client', async () => {
    const { jwt } = await createClientAssertion({
      clientId: service.profile.clientId,
      audience: server.as.issuer,
      alg: 'HS256',
      method: 'client_secret_jwt',
      clientSecret: 'x'.repeat(40),
    });
    const draft = parseCurl(
      `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
    );
    const pre = diagnose({ draft, profile: service.profile, metadata: md });
    assert.match(find(pre, 'AUTH_METHOD_MISMATCH').title, /sends client_secret_jwt, but this client authenticates with private_key_jwt/);
    const post = diagnose({ exchange: await sendDraft(draft, 'client_credentials'), profile: service.profile, metadata: md });
    assert.deepEqual(codes(post).slice(0, 2), ['INVALID_CLIENT', 'AUTH_METHOD_MISMATCH']);
  });

  it('body client_id differs from the Basic user → CLIENT_ID_MISMATCH; server: invalid_request "client_id mismatch"', async () => {
    const { clientId, clientSecret } = server.as.clients.basic;
    const draft = parseCurl(
      `curl -u ${clientId}:${clientSecret} ${md.token_endpoint} -d grant_type=client_credentials -d client_id=${server.as.clients.post.clientId}`,
    );
    const f = find(diagnose({ draft, metadata: md }), 'CLIENT_ID_MISMATCH');
    assert.ok(f.evidence.includes(`user name in the Basic header: ${clientId}`));
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.errorDescription, 'client_id mismatch');
    find(diagnose({ exchange: ex, metadata: md }), 'INVALID_REQUEST');
  });

  it('a Basic header that is not base64 → BASIC_AUTH_MALFORMED; server: invalid_request', async () => {
    const draft = parseCurl(`curl ${md.token_endpoint} -H 'Authorization: Basic demo-basic:secret!' -d grant_type=client_credentials`);
    find(diagnose({ draft, metadata: md }), 'BASIC_AUTH_MALFORMED');
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_request');
  });

  it('a secret with "+" sent raw in -u → BASIC_AUTH_NOT_FORM_ENCODED, the top cause of the real invalid_client; the engine (RFC 6749 encoding) succeeds', async () => {
    const draft = parseCurl(`curl -u 'plus-secret:${PLUS_SECRET}' ${md.token_endpoint} -d grant_type=client_credentials`);
    const profile = {
      id: 'plus',
      name: 'plus',
      issuer: server.as.issuer,
      clientId: 'plus-secret',
      authMethod: 'client_secret_basic' as const,
    };
    find(diagnose({ draft, profile, metadata: md }), 'BASIC_AUTH_NOT_FORM_ENCODED');
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_client');
    const post = diagnose({ exchange: ex, profile, metadata: md });
    assert.ok(
      post[0]!.evidence.some((e) => e.startsWith('likely cause 1: BASIC_AUTH_NOT_FORM_ENCODED')),
      post[0]!.evidence.join('\n'),
    );
    assertNoSecrets(post, [PLUS_SECRET]);
    const ok = await clientCredentials({ profile, secrets: { clientSecret: PLUS_SECRET }, metadata: md });
    assert.equal(ok.response?.status, 200);
  });

  it('a wrong secret → INVALID_CLIENT with INVALID_CLIENT_WRONG_SECRET and the parsed WWW-Authenticate header', async () => {
    const draft = parseCurl(
      `curl --user ${server.as.clients.basic.clientId}:wrong-secret-value ${md.token_endpoint} -d grant_type=client_credentials`,
    );
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.response?.status, 401);
    const post = diagnose({ exchange: ex, profile: profileFor(server.as, 'basic').profile, metadata: md });
    assert.equal(post[0]?.code, 'INVALID_CLIENT');
    find(post, 'INVALID_CLIENT_WRONG_SECRET');
    const www = find(post, 'WWW_AUTHENTICATE');
    assert.match(www.title, /asks for Basic authentication \(error=invalid_client\)/);
    assert.ok(www.evidence.includes(`realm: ${server.as.issuer}`), www.evidence.join('\n'));
    assertNoSecrets(post, ['wrong-secret-value']);
  });

  it('a client_assertion that is not a JWT → ASSERTION_MALFORMED; server: invalid_request about its format', async () => {
    const draft = parseCurl(
      `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_assertion_type=${TYPE} -d 'client_assertion=-----BEGIN PRIVATE KEY-----'`,
    );
    const pre = find(diagnose({ draft, profile: service.profile, metadata: md }), 'ASSERTION_MALFORMED');
    assert.ok(
      pre.evidence.some((e) => e.startsWith('decoding failed: Not a JWT')),
      pre.evidence.join('\n'),
    );
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_request');
    const post = find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'INVALID_REQUEST_ASSERTION');
    assert.ok(
      post.evidence.some((e) => e.startsWith('related: ASSERTION_MALFORMED')),
      post.evidence.join('\n'),
    );
  });

  it('an unregistered client_id → INVALID_CLIENT listing INVALID_CLIENT_UNKNOWN_CLIENT', async () => {
    const ex = await sendDraft(
      parseCurl(`curl -u ghost-client:some-secret-value ${md.token_endpoint} -d grant_type=client_credentials`),
      'client_credentials',
    );
    assert.equal(ex.error?.oauth?.error, 'invalid_client');
    const post = diagnose({ exchange: ex, metadata: md });
    const u = find(post, 'INVALID_CLIENT_UNKNOWN_CLIENT');
    assert.equal(u.title, `The client ghost-client may not be registered at ${server.as.issuer}`);
    assert.ok(post[0]!.evidence.some((e) => /likely cause \d: INVALID_CLIENT_UNKNOWN_CLIENT/.test(e)));
  });

  it('the right request for each registered method leaves no client-authentication error', async () => {
    for (const name of ['basic', 'post', 'secretJwt', 'rsaJwt', 'ecJwt', 'edJwt', 'service'] as const) {
      const ctx = { ...profileFor(server.as, name), metadata: md };
      const ex = await clientCredentials(ctx);
      assert.equal(ex.response?.status, 200, `${name}: ${JSON.stringify(ex.error)}`);
      const f = diagnose({ exchange: ex, profile: ctx.profile, metadata: md });
      assert.deepEqual(
        f.filter((x) => x.severity !== 'info').map((x) => x.code),
        [],
        name,
      );
    }
  });
});

describe('diagnose: methods and algorithms the metadata does not list (restricted oidc-provider)', () => {
  const server = useAuthServer({
    configure: (c) => {
      c.clientAuthMethods = ['none', 'client_secret_basic', 'client_secret_jwt', 'private_key_jwt'];
      (c.enabledJWA as { clientAuthSigningAlgValues: string[] }).clientAuthSigningAlgValues = ['HS256', 'RS256', 'ES256', 'EdDSA'];
    },
  });
  let md: ServerMetadata;

  before(() => {
    md = server.metadata;
  });

  it('client_secret_post where only basic is listed → AUTH_METHOD_UNSUPPORTED; server: invalid_client', async () => {
    const { clientId, clientSecret } = server.as.clients.basic;
    const draft = parseCurl(
      `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_id=${clientId} -d client_secret=${clientSecret}`,
    );
    const f = find(diagnose({ draft, metadata: md }), 'AUTH_METHOD_UNSUPPORTED');
    assert.match(f.title, /does not list client_secret_post/);
    assert.ok(f.evidence.some((e) => e.startsWith('metadata token_endpoint_auth_methods_supported: ["none","client_secret_basic"')));
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_client');
    const post = diagnose({ exchange: ex, metadata: md });
    assert.ok(
      post[0]!.evidence.some((e) => e.startsWith('likely cause 1: AUTH_METHOD_UNSUPPORTED')),
      post[0]!.evidence.join('\n'),
    );
  });

  it('introspection falls back to the token endpoint list when no introspection_* list is published', () => {
    const draft = parseCurl(
      `curl ${md.introspection_endpoint} -d token=abc -d client_id=${server.as.clients.basic.clientId} -d client_secret=${server.as.clients.basic.clientSecret}`,
    );
    const f = find(diagnose({ draft, metadata: md }), 'AUTH_METHOD_UNSUPPORTED');
    assert.ok(
      f.evidence.some((e) => /no introspection_endpoint_auth_methods_supported published; the token endpoint's list applies/.test(e)),
      f.evidence.join('\n'),
    );
  });

  it('a PS256 assertion where PS256 is not listed → SIGNING_ALG_UNSUPPORTED, ranked first for the real invalid_client', async () => {
    const ctx = { ...profileFor(server.as, 'rsaJwt', { signingAlg: 'PS256' }), metadata: md };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.error?.code, 'OAUTH_INVALID_CLIENT');
    const post = diagnose({ exchange: ex, profile: ctx.profile, metadata: md });
    assert.equal(post[0]?.code, 'INVALID_CLIENT');
    assert.equal(post[1]?.code, 'SIGNING_ALG_UNSUPPORTED', JSON.stringify(codes(post)));
    assert.deepEqual(post[1].evidence, [
      'assertion header alg: "PS256"',
      'metadata token_endpoint_auth_signing_alg_values_supported: ["HS256","RS256","ES256","EdDSA"]',
    ]);
    absent(post, 'ASSERTION_AUD_MISMATCH');
  });
});
